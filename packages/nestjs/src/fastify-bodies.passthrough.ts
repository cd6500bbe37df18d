import type { HttpAdapterHost } from '@nestjs/core';

/** The route-config metadata key of `@nestjs/platform-fastify` (its `@RouteConfig()`), ignored on Express. */
export const FASTIFY_ROUTE_CONFIG_METADATA = '__fastify_route_config__';
/** Marks the controller's routes, so the hooks below touch no other route of the app. */
export const TRIGGERKIT_ROUTE_CONFIG = { triggerKit: true } as const;

const PASSTHROUGH_TYPE = 'application/x-triggerkit-unparsed';

interface FastifyRequestLike {
  headers: Record<string, unknown>;
  routeOptions?: { config?: { triggerKit?: unknown } };
}
type Done = (error?: Error | null) => void;
interface FastifyLike {
  hasContentTypeParser(type: string): boolean;
  addContentTypeParser(type: string, parser: (request: unknown, payload: unknown, done: Done) => void): void;
  addHook(name: 'onRequest' | 'preValidation', hook: (request: FastifyRequestLike, reply: unknown, done: Done) => void): void;
}

/**
 * On `@nestjs/platform-fastify`, Fastify parses a body before Nest (and so the controller) sees the
 * request, with the app's parsers, on every route: a body that is not JSON would be Fastify's 400,
 * one over its `bodyLimit` Fastify's 413. Fastify picks the parser by `request.headers['content-type']`,
 * which a hook may overlay (Fastify merges it over the raw headers). For the triggerkit routes only,
 * the overlay names a parser that leaves the stream unread, and it is lifted again before guards run:
 * the controller reads the untouched Node request (headers included) like on Express.
 */
export function passFastifyBodiesThrough(adapterHost: HttpAdapterHost | undefined): void {
  const adapter = adapterHost?.httpAdapter;
  if (adapter?.getType() !== 'fastify') return;
  const fastify = adapter.getInstance<FastifyLike>();
  if (fastify.hasContentTypeParser(PASSTHROUGH_TYPE)) return; // a second server module in the same app
  fastify.addContentTypeParser(PASSTHROUGH_TYPE, (_request, _payload, done) => done(null));
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (isTriggerKitRoute(request)) request.headers = { 'content-type': PASSTHROUGH_TYPE };
    done();
  });
  fastify.addHook('preValidation', (request, _reply, done) => {
    if (isTriggerKitRoute(request)) request.headers = {};
    done();
  });
}

function isTriggerKitRoute(request: FastifyRequestLike): boolean {
  return request.routeOptions?.config?.triggerKit === true;
}

import type { HttpAdapterHost } from '@nestjs/core';

/** The route-config metadata key of `@nestjs/platform-fastify` (its `@RouteConfig()`), ignored on Express. */
export const FASTIFY_ROUTE_CONFIG_METADATA = '__fastify_route_config__';
/** Marks the controller's routes, so that only they get the hooks below. */
export const TRIGGERKIT_ROUTE_CONFIG = { triggerKit: true } as const;

const PASSTHROUGH_TYPE = 'application/x-triggerkit-unparsed';

type Done = (error?: Error | null) => void;
type Hook = (request: { headers: Record<string, unknown> }, reply: unknown, done: Done) => void;
interface RouteOptions {
  handler: object;
  config?: { triggerKit?: unknown };
  onRequest?: Hook | Hook[];
  preValidation?: Hook | Hook[];
}
interface FastifyLike {
  hasContentTypeParser(type: string): boolean;
  addContentTypeParser(type: string, parser: (request: unknown, payload: unknown, done: Done) => void): void;
  addHook(name: 'onRoute', hook: (route: RouteOptions) => void): void;
}

/**
 * On `@nestjs/platform-fastify`, Fastify parses a body before Nest (and so the controller) sees the
 * request, with the app's parsers: a body that is not JSON would be Fastify's 400, one over its
 * `bodyLimit` Fastify's 413. Fastify picks the parser by `request.headers['content-type']`, which a
 * hook may overlay (it is merged over the raw headers). On the triggerkit routes only, the overlay
 * names a parser that leaves the stream unread, and it is lifted before guards run: the controller
 * reads the untouched Node request, headers included, as on Express. Call before Nest adds routes.
 */
export function passFastifyBodiesThrough(adapterHost: HttpAdapterHost | undefined): void {
  const adapter = adapterHost?.httpAdapter;
  if (adapter?.getType() !== 'fastify') return;
  const fastify = adapter.getInstance<FastifyLike>();
  if (fastify.hasContentTypeParser(PASSTHROUGH_TYPE)) return; // a second server module in the same app
  fastify.addContentTypeParser(PASSTHROUGH_TYPE, (_request, _payload, done) => done(null));
  fastify.addHook('onRoute', (route) => {
    if (!isTriggerKitRoute(route)) return;
    route.onRequest = [...hooks(route.onRequest), (request, _reply, done) => done(void (request.headers = { 'content-type': PASSTHROUGH_TYPE }))];
    route.preValidation = [(request, _reply, done) => done(void (request.headers = {})), ...hooks(route.preValidation)];
  });
}

/** Nest 12 passes the route config to Fastify; Nest 11 does not for `@All()`, but copies the metadata onto the handler. */
function isTriggerKitRoute(route: RouteOptions): boolean {
  const copied = Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, route.handler) as RouteOptions['config'];
  return route.config?.triggerKit === true || copied?.triggerKit === true;
}

function hooks(given: Hook | Hook[] | undefined): Hook[] {
  return given === undefined ? [] : [given].flat();
}

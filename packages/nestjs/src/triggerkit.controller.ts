import { All, Controller, Inject, Optional, Req, Res, SetMetadata, type Type } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { ServerResponse } from 'node:http';
import { brazeErrorBodyOf, fromNodeRequest, writeNodeResponse, type NodeRequestLike } from '@triggerkit/core';
import { FASTIFY_ROUTE_CONFIG_METADATA, passFastifyBodiesThrough, TRIGGERKIT_ROUTE_CONFIG } from './fastify-bodies.passthrough';
import { TriggerKitHttpException } from './triggerkit-http.exception';
import { TRIGGERKIT_SERVER, type TriggerKitServer } from './triggerkit-server.token';

/** Express hands over Node's request and response themselves (extended); Fastify wraps them in `raw`. */
type ExpressRequest = NodeRequestLike & { originalUrl?: string; route?: { path?: unknown } };
type FastifyRequest = { raw: NodeRequestLike; originalUrl?: string; url?: string; routeOptions?: { url?: unknown } };
type PlatformRequest = ExpressRequest | FastifyRequest;
type PlatformResponse = ServerResponse | { raw: ServerResponse; hijack(): void };

/** The mount itself and everything below it: Express 5's path-to-regexp names its wildcard, Fastify's find-my-way does not. */
const ROUTES = { express: ['', '{*path}'], fastify: ['', '*'] };
/** `@nestjs/common`'s PATH_METADATA: the key `@All()` stores the route patterns under. */
const PATH_METADATA = 'path';

/** Builds the controller for one mount path: every method, every sub-path, one core handler, on either platform. */
export function createTriggerKitController(path: string): Type {
  @Controller(path)
  class TriggerKitController {
    constructor(@Inject(TRIGGERKIT_SERVER) readonly server: TriggerKitServer, @Optional() @Inject(HttpAdapterHost) adapterHost?: HttpAdapterHost) {
      // Nest builds controllers before it registers their routes, so the platform's pattern is in place in time.
      if (adapterHost?.httpAdapter?.getType() !== 'fastify') return;
      Reflect.defineMetadata(PATH_METADATA, ROUTES.fastify, TriggerKitController.prototype.serve);
      passFastifyBodiesThrough(adapterHost);
    }

    @All(ROUTES.express)
    @SetMetadata(FASTIFY_ROUTE_CONFIG_METADATA, TRIGGERKIT_ROUTE_CONFIG)
    async serve(@Req() req: PlatformRequest, @Res() reply: PlatformResponse): Promise<void> {
      const res = 'raw' in reply ? reply.raw : reply;
      const request = await fromNodeRequest(nodeRequestOf(req), res, { url: relativeUrl(req), bodyLimit: this.server.bodyLimit });
      const response = await this.server.handle(request);
      const errorBody = brazeErrorBodyOf(response);
      if (errorBody === undefined) {
        // Fastify must be told that this handler writes the response itself.
        if ('hijack' in reply) reply.hijack();
        return writeNodeResponse(res, response);
      }
      // Set before throwing, so the X-RateLimit-* and Retry-After headers survive whichever filter answers.
      for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
      throw new TriggerKitHttpException(response, errorBody);
    }
  }
  return TriggerKitController;
}

function nodeRequestOf(req: PlatformRequest): NodeRequestLike {
  return 'raw' in req ? req.raw : req;
}

/** The URL relative to this controller's mount, whatever global prefix or version sits in front of it. */
function relativeUrl(req: PlatformRequest): string {
  const url = req.originalUrl ?? req.url ?? '/';
  const queryStart = url.indexOf('?');
  const pathname = queryStart === -1 ? url : url.slice(0, queryStart);
  const search = queryStart === -1 ? '' : url.slice(queryStart);
  const route = 'raw' in req ? req.routeOptions?.url : req.route?.path;
  const routePath = typeof route === 'string' ? route : '';
  const mountDepth = routePath.split('/').filter((segment) => segment !== '' && !segment.startsWith('{*') && segment !== '*').length;
  return `/${pathname.split('/').slice(1 + mountDepth).join('/')}${search}`;
}

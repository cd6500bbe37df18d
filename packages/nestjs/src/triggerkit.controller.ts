import { All, Controller, Inject, Req, Res, type Type } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { fromNodeRequest, writeNodeResponse, type NodeRequestLike } from '@triggerkit/core';
import { TriggerKitHttpException, type BrazeErrorBody } from './triggerkit-http.exception';
import { TRIGGERKIT_SERVER, type TriggerKitServer } from './triggerkit-server.token';

type RoutedRequest = NodeRequestLike & { originalUrl?: string; route?: { path?: unknown } };

/** Builds the controller for one mount path: every method, every sub-path, one core handler. */
export function createTriggerKitController(path: string): Type {
  @Controller(path)
  class TriggerKitController {
    constructor(@Inject(TRIGGERKIT_SERVER) readonly server: TriggerKitServer) {}

    @All(['', '{*path}'])
    async serve(@Req() req: RoutedRequest, @Res() res: ServerResponse): Promise<void> {
      const response = await this.server.handle(await fromNodeRequest(req, res, { url: relativeUrl(req), bodyLimit: this.server.bodyLimit }));
      const errorBody = response.status >= 400 && !response.dropConnection ? brazeErrorBody(response.body) : undefined;
      if (errorBody === undefined) return writeNodeResponse(res, response);
      // Set before throwing, so the X-RateLimit-* and Retry-After headers survive whichever filter answers.
      for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
      throw new TriggerKitHttpException(response, errorBody);
    }
  }
  return TriggerKitController;
}

function brazeErrorBody(text: string): BrazeErrorBody | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && 'message' in value ? (value as BrazeErrorBody) : undefined;
  } catch {
    return undefined;
  }
}

/** The URL relative to this controller's mount, whatever global prefix or version sits in front of it. */
function relativeUrl(req: RoutedRequest): string {
  const url = req.originalUrl ?? req.url ?? '/';
  const queryStart = url.indexOf('?');
  const pathname = queryStart === -1 ? url : url.slice(0, queryStart);
  const search = queryStart === -1 ? '' : url.slice(queryStart);
  const routePath = typeof req.route?.path === 'string' ? req.route.path : '';
  const mountDepth = routePath.split('/').filter((segment) => segment !== '' && !segment.startsWith('{*')).length;
  return `/${pathname.split('/').slice(1 + mountDepth).join('/')}${search}`;
}

import type { RequestHandler } from 'express';
import { createTriggerKitHandler, fromNodeRequest, writeNodeResponse, type HttpHandler, type TriggerKitHandlerOptions } from '@triggerkit/core';

/**
 * Either everything `createTriggerKitHandler` takes, or a handler you created (and close) yourself;
 * `bodyLimit` (default 4 MB) is the largest body read before answering 413.
 */
export type TriggerKitRouterOptions = (TriggerKitHandlerOptions | { handler: HttpHandler }) & { bodyLimit?: number };

/** An Express request handler serving the Braze endpoints and `/_mock` under wherever it is mounted. */
export type TriggerKitRouter = RequestHandler & {
  /** Closes the handler (and its engine) when the router created it; a handler you passed stays open. */
  close(): Promise<void>;
};

/**
 * Serves the Braze endpoints (`/campaigns/trigger/send`, `/canvas/trigger/send`, `/users/track`,
 * `/sends/id/create`) and the `/_mock` inspection API through the core handler. It reads the body
 * itself (4 MB limit), so mount it before any JSON body parser; unexpected errors go to `next(err)`.
 * An invalid configuration throws a `ValidationError` listing every problem by path, at once.
 *
 * @example
 * const app = express();
 * const braze = triggerKitRouter({ config: { workspaces: [{ name: 'dev', api_keys: [{ key: 'dev-key', permissions: ['campaigns.trigger.send'] }] }] } });
 * app.use('/braze', braze);
 * app.use(express.json()); // the rest of your app
 */
export function triggerKitRouter(options: TriggerKitRouterOptions): TriggerKitRouter {
  const { handle, close } = 'handler' in options ? { handle: options.handler, close: async () => {} } : createTriggerKitHandler(options);
  const router: RequestHandler = (req, res, next) => {
    fromNodeRequest(req, res, { url: req.url, bodyLimit: options.bodyLimit })
      .then(handle)
      .then((response) => writeNodeResponse(res, response))
      .catch(next);
  };
  return Object.assign(router, { close });
}

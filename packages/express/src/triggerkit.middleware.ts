import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { brazeFailureResponse, TriggerKitClient, type TriggerKitClientOptions } from '@triggerkit/core';

/** A request after `triggerKit()` ran: typed by intersection, no global augmentation. */
export type TriggerKitRequest = Request & { triggerKit: TriggerKitClient };

/**
 * Puts one `TriggerKitClient` (created once, shared by every request) on `req.triggerKit`.
 *
 * @example
 * app.use(triggerKit({ apiKey: process.env.BRAZE_API_KEY!, instance: 'EU-01' }));
 * app.post('/orders', async (req, res) => {
 *   const { triggerKit } = req as TriggerKitRequest;
 *   await triggerKit.campaigns.triggerSend({ campaign_id: 'order-confirmation', recipients: [{ external_user_id: 'u-1' }] });
 *   res.sendStatus(204);
 * });
 */
export function triggerKit(options: TriggerKitClientOptions | { client: TriggerKitClient }): RequestHandler {
  const client = 'client' in options ? options.client : new TriggerKitClient(options);
  return (req, _res, next) => {
    Object.assign(req, { triggerKit: client });
    next();
  };
}

/**
 * An error handler (mount it after your routes) that answers a failed Braze call as the upstream
 * failure it is: `502`, or `503` with `Retry-After` when Braze rate-limited, with a JSON body
 * `{message, code, braze_status}`. Any other error goes on to your next handler. Without it,
 * Express's default handler answers with an HTML page, and Braze's own status never leaks either
 * way: a `TriggerKitError` keeps it in `httpStatus`, not in the `status` Express reads.
 *
 * @example
 * app.use(brazeErrorHandler());
 */
export function brazeErrorHandler(): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    const failure = brazeFailureResponse(error);
    if (failure === undefined || res.headersSent) return next(error);
    res.status(failure.status).set(failure.headers).json(failure.body);
  };
}

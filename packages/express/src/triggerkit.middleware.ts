import type { Request, RequestHandler } from 'express';
import { TriggerKitClient, type TriggerKitClientOptions } from '@triggerkit/core';

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

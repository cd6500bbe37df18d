import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { triggerKit, triggerKitRouter, type TriggerKitRequest } from '@triggerkit/express';
import { API_KEY, config, fail, quietLogger, report } from './shared.config.js';

// An Express app (4 or 5, whichever the consumer installed) that hosts the Braze endpoints with the
// router and sends through the client middleware to itself. Its own JSON parser comes after the router.
async function main(): Promise<void> {
  const app = express();
  const router = triggerKitRouter({ config, logger: quietLogger });
  app.use('/braze', router);
  app.use(express.json());
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  app.use(triggerKit({ baseUrl: `${origin}/braze`, apiKey: API_KEY, retry: false }));
  app.post('/orders', (req, res, next) => {
    const { triggerKit: client } = req as TriggerKitRequest;
    client.campaigns.triggerSend({ campaign_id: 'welcome', recipients: [{ external_user_id: 'u-1' }] }).then((sent) => res.status(201).json(sent), next);
  });
  try {
    const order = await post(`${origin}/orders`, {});
    const invalid = await post(`${origin}/braze/campaigns/trigger/send`, { recipients: [{ external_user_id: 'u-1' }] });
    const unauthorized = await post(`${origin}/braze/campaigns/trigger/send`, { campaign_id: 'welcome' }, 'wrong-key');
    report({ order, invalid, unauthorized });
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await router.close();
  }
}

async function post(url: string, body: unknown, apiKey = API_KEY): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

main().catch(fail);

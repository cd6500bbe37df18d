import Fastify from 'fastify';
import { createTriggerKitHandler, listen } from '@triggerkit/core';
import { triggerKitClient, triggerKitServer } from '@triggerkit/fastify';
import { API_KEY, config, fail, quietLogger, report } from './shared.config.js';

// A Fastify app (4 or 5, whichever the consumer installed): the plugin hosts the Braze endpoints under
// /braze beside the app's own JSON routes, and the client decorator sends to a core server on node:http.
async function main(): Promise<void> {
  const core = createTriggerKitHandler({ config, logger: quietLogger });
  const coreServer = await listen(core.handle);
  const app = Fastify();
  await app.register(triggerKitServer, { prefix: '/braze', config, logger: quietLogger });
  await app.register(triggerKitClient, { baseUrl: coreServer.url, apiKey: API_KEY, retry: false });
  app.post<{ Body: { user: string } }>('/orders', async function (request, reply) {
    const sent = await this.triggerKit.campaigns.triggerSend({ campaign_id: 'welcome', recipients: [{ external_user_id: request.body.user }] });
    return reply.code(201).send(sent);
  });
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const order = await post(`${origin}/orders`, { user: 'u-1' });
    const hosted = await post(`${origin}/braze/campaigns/trigger/send`, { campaign_id: 'welcome', recipients: [{ external_user_id: 'u-1' }] });
    const invalid = await post(`${origin}/braze/campaigns/trigger/send`, { recipients: [{ external_user_id: 'u-1' }] });
    const unauthorized = await post(`${origin}/braze/campaigns/trigger/send`, { campaign_id: 'welcome' }, 'wrong-key');
    report({ order, hosted, invalid, unauthorized });
  } finally {
    await app.close();
    await coreServer.close();
    await core.close();
  }
}

async function post(url: string, body: unknown, apiKey = API_KEY): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

main().catch(fail);

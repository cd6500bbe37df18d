import Fastify from 'fastify';
import { triggerKitClient, triggerKitServer } from '@triggerkit/fastify';

const app = Fastify();

// The Braze endpoints and /_mock under /braze (encapsulated: its body handling stays inside).
await app.register(triggerKitServer, {
  prefix: '/braze',
  config: { workspaces: [{ name: 'dev', api_keys: [{ key: 'dev-key', permissions: ['campaigns.trigger.send'] }] }] },
});

// One client for the whole app: `app.triggerKit`, and `this.triggerKit` in handlers.
await app.register(triggerKitClient, { apiKey: process.env.BRAZE_API_KEY ?? 'dev-key', instance: 'EU-01' });

app.post<{ Body: { userId: string } }>('/orders', async function (request, reply) {
  const sent = await this.triggerKit.campaigns.triggerSend({ campaign_id: 'order-confirmation', recipients: [{ external_user_id: request.body.userId }] });
  return reply.code(201).send(sent);
});

await app.listen({ port: 3000 });

import Fastify, { type FastifyInstance } from 'fastify';
import { TriggerKitClient } from '@triggerkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { triggerKitClient, triggerKitServer, type TriggerKitDecorator } from './index';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

describe('triggerKitClient', () => {
  it('decorates the app with one client, visible outside the plugin and in later plugins', async () => {
    const app = Fastify();
    apps.push(app);
    await app.register(triggerKitClient, { apiKey: 'k', baseUrl: 'http://127.0.0.1:9' });
    let inChild: TriggerKitDecorator | undefined;
    await app.register(async (child) => {
      inChild = child.triggerKit;
    });
    expect(app.triggerKit).toBeInstanceOf(TriggerKitClient);
    expect(inChild).toBe(app.triggerKit);
  });

  it('accepts a client you built', async () => {
    const client = new TriggerKitClient({ apiKey: 'k', instance: 'EU-01' });
    const app = Fastify();
    apps.push(app);
    await app.register(triggerKitClient, { client });
    expect(app.triggerKit).toBe(client);
  });

  it('fails registration for invalid client options', async () => {
    const app = Fastify();
    apps.push(app);
    await expect(app.register(triggerKitClient, { apiKey: '', baseUrl: 'http://127.0.0.1:9' })).rejects.toThrow(/apiKey/);
  });

  it('works both ways in one app: a route triggers through the client, the plugin serves it', async () => {
    const app = Fastify();
    apps.push(app);
    await app.register(triggerKitServer, {
      prefix: '/braze',
      config: {
        workspaces: [
          {
            name: 'acme',
            api_keys: [{ key: 'k', permissions: ['campaigns.trigger.send', 'mock.inspect'] }],
            campaigns: [{ id: 'welcome', channel: 'email', message: { subject: 'Hi', body: 'Hello {{${first_name}}}' } }],
          },
        ],
      },
    });
    const port = { value: 0 };
    await app.register(triggerKitClient, { apiKey: 'k', baseUrl: 'http://127.0.0.1', fetch: (input, init) => fetch(String(input).replace('http://127.0.0.1', `http://127.0.0.1:${port.value}/braze`), init) });
    app.post<{ Body: { id: string; email: string; name: string } }>('/signup', async function (request, reply) {
      const sent = await this.triggerKit.campaigns.triggerSend({
        campaign_id: 'welcome',
        recipients: [{ external_user_id: request.body.id, send_to_existing_only: false, attributes: { email: request.body.email, first_name: request.body.name } }],
      });
      return reply.code(201).send(sent);
    });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    port.value = Number(new URL(base).port);
    const signup = await fetch(`${base}/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'u-9', email: 'u9@example.com', name: 'Uma' }) });
    expect(signup.status).toBe(201);
    const { dispatch_id } = (await signup.json()) as { dispatch_id: string };
    const messages = await fetch(`${base}/braze/_mock/messages?dispatch_id=${dispatch_id}`, { headers: { authorization: 'Bearer k' } });
    expect(await messages.json()).toMatchObject({ messages: [{ content: { subject: 'Hi', body: 'Hello Uma' } }] });
  });
});

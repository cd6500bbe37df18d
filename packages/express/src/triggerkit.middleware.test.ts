import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { TriggerKitClient } from '@triggerkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { brazeErrorHandler, triggerKit, triggerKitRouter, type TriggerKitRequest } from './index';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function listen(app: express.Express): Promise<string> {
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('triggerKit middleware', () => {
  it('puts one client, created once, on every request', async () => {
    const clients: TriggerKitClient[] = [];
    const app = express();
    app.use(triggerKit({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9' }));
    app.get('/', (req, res) => {
      clients.push((req as TriggerKitRequest).triggerKit);
      res.end();
    });
    const base = await listen(app);
    await fetch(base);
    await fetch(base);
    expect(clients).toHaveLength(2);
    expect(clients[0]).toBeInstanceOf(TriggerKitClient);
    expect(clients[1]).toBe(clients[0]);
  });

  it('accepts a client you built', async () => {
    const client = new TriggerKitClient({ apiKey: 'k', instance: 'EU-01' });
    const app = express();
    app.use(triggerKit({ client }));
    app.get('/', (req, res) => {
      res.json({ same: (req as TriggerKitRequest).triggerKit === client });
    });
    expect(await (await fetch(await listen(app))).json()).toEqual({ same: true });
  });

  it('throws at setup, not per request, for invalid client options', () => {
    expect(() => triggerKit({ apiKey: '', baseUrl: 'http://127.0.0.1:9' })).toThrow(/apiKey/);
  });

  it('works both ways in one app: a route triggers through the client, the router serves it', async () => {
    const app = express();
    app.use('/braze', triggerKitRouter({
      config: {
        workspaces: [
          {
            name: 'acme',
            api_keys: [{ key: 'k', permissions: ['campaigns.trigger.send', 'mock.inspect'] }],
            campaigns: [{ id: 'welcome', channel: 'email', message: { subject: 'Hi', body: 'Hello {{${first_name}}}' } }],
          },
        ],
      },
    }));
    let base = '';
    app.use((req, res, next) => triggerKit({ apiKey: 'k', baseUrl: `${base}/braze` })(req, res, next));
    app.post('/signup', express.json(), async (req, res, next) => {
      try {
        const { triggerKit: client } = req as TriggerKitRequest;
        const sent = await client.campaigns.triggerSend({
          campaign_id: 'welcome',
          recipients: [{ external_user_id: req.body.id, send_to_existing_only: false, attributes: { email: req.body.email, first_name: req.body.name } }],
        });
        res.status(201).json(sent);
      } catch (error) {
        next(error);
      }
    });
    base = await listen(app);
    const signup = await fetch(`${base}/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'u-9', email: 'u9@example.com', name: 'Uma' }) });
    expect(signup.status).toBe(201);
    const { dispatch_id } = (await signup.json()) as { dispatch_id: string };
    const messages = await fetch(`${base}/braze/_mock/messages?dispatch_id=${dispatch_id}`, { headers: { authorization: 'Bearer k' } });
    expect(await messages.json()).toMatchObject({ messages: [{ content: { subject: 'Hi', body: 'Hello Uma' } }] });
  });
});

describe('a failed Braze call inside the app', () => {
  const config = {
    workspaces: [
      {
        name: 'acme',
        api_keys: [{ key: 'k', permissions: ['campaigns.trigger.send' as const] }],
        rate_limits: { trigger: { limit: 1, window_seconds: 3600 } },
        campaigns: [{ id: 'welcome', channel: 'email' as const, message: { subject: 'Hi', body: 'Hello' } }],
      },
    ],
  };

  async function appWith(apiKey: string, handler: boolean): Promise<string> {
    const app = express();
    app.use('/braze', triggerKitRouter({ config }));
    let base = '';
    app.use((req, res, next) => triggerKit({ apiKey, baseUrl: `${base}/braze`, retry: { maxRetries: 0 } })(req, res, next));
    app.post('/orders', async (req, res, next) => {
      try {
        await (req as TriggerKitRequest).triggerKit.campaigns.triggerSend({ campaign_id: 'welcome', recipients: [{ external_user_id: 'u-1' }] });
        res.sendStatus(201);
      } catch (error) {
        next(error);
      }
    });
    app.get('/boom', () => {
      throw new Error('not a Braze failure');
    });
    if (handler) app.use(brazeErrorHandler());
    base = await listen(app);
    return base;
  }

  it("does not hand Braze's 401 to the app's own caller through Express's default handler", async () => {
    const base = await appWith('wrong-key', false);
    const answer = await fetch(`${base}/orders`, { method: 'POST' });
    // Express's default handler uses an error's `status`; TriggerKitError keeps Braze's in `httpStatus`.
    expect(answer.status).toBe(500);
  });

  it('answers 502 with brazeErrorHandler, 503 with Retry-After when Braze rate-limited, and passes other errors on', async () => {
    const wrongKey = await appWith('wrong-key', true);
    const failed = await fetch(`${wrongKey}/orders`, { method: 'POST' });
    expect(failed.status).toBe(502);
    expect(await failed.json()).toEqual({ message: 'Bad Gateway: a Braze call failed', code: 'invalid_api_key', braze_status: 401 });
    server?.closeAllConnections();
    await new Promise<void>((resolve) => server?.close(() => resolve()));

    const base = await appWith('k', true);
    expect((await fetch(`${base}/orders`, { method: 'POST' })).status).toBe(201);
    const limited = await fetch(`${base}/orders`, { method: 'POST' });
    expect(limited.status).toBe(503);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toEqual({ message: 'Service Unavailable: Braze rate limit reached, retry later', code: 'rate_limited', braze_status: 429 });
    const other = await fetch(`${base}/boom`);
    expect(other.status).toBe(500);
    expect(other.headers.get('content-type')).toMatch(/^text\/html/);
  });
});

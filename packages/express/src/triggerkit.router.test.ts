import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type Express } from 'express';
import { ValidationError, type HttpResponse } from '@triggerkit/core';
import { recordingHandler } from '@triggerkit/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { triggerKitRouter } from './index';

const JSON_TYPE = 'application/json; charset=utf-8';
const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

async function listen(app: Express): Promise<string> {
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const rateLimited: HttpResponse = {
  status: 429,
  headers: { 'content-type': JSON_TYPE, 'x-ratelimit-limit': '3', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1767229200', 'retry-after': '1800' },
  body: '{"message":"Rate limit exceeded"}',
};

describe('triggerKitRouter', () => {
  it('answers exactly what the core handler answers: status, headers, body bytes', async () => {
    const app = express();
    app.use('/braze', triggerKitRouter({ handler: recordingHandler(rateLimited).handler }));
    const response = await fetch(`${await listen(app)}/braze/campaigns/trigger/send`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(429);
    for (const [name, value] of Object.entries(rateLimited.headers)) expect(response.headers.get(name)).toBe(value);
    expect(await response.text()).toBe(rateLimited.body);
  });

  it('hands the core handler the path relative to the mount, query and encoding kept, and the raw body', async () => {
    const core = recordingHandler({ status: 200, headers: { 'content-type': JSON_TYPE }, body: '{}' });
    const app = express();
    app.use('/api/braze', triggerKitRouter({ handler: core.handler }));
    const base = await listen(app);
    await fetch(`${base}/api/braze/_mock/users/a%2Fb?x=1&x=2`);
    await fetch(`${base}/api/braze/users/track`, { method: 'POST', body: '{"attributes":  []}', headers: { 'content-type': 'application/json' } });
    expect(core.seen[0]).toMatchObject({ method: 'GET', path: '/_mock/users/a%2Fb', query: { x: ['1', '2'] } });
    expect(core.seen[1]).toMatchObject({ method: 'POST', path: '/users/track', headers: expect.objectContaining({ 'content-type': 'application/json' }) });
    expect(new TextDecoder().decode(core.seen[1]?.rawBody as Uint8Array)).toBe('{"attributes":  []}');
  });

  it('uses the parsed body when a JSON parser ran first', async () => {
    const core = recordingHandler({ status: 201, headers: { 'content-type': JSON_TYPE }, body: '{}' });
    const app = express();
    app.use(express.json());
    app.use(triggerKitRouter({ handler: core.handler }));
    await fetch(`${await listen(app)}/users/track`, { method: 'POST', body: '{"attributes":[]}', headers: { 'content-type': 'application/json' } });
    expect(core.seen[0]).toMatchObject({ parsedBody: { attributes: [] } });
  });

  it('stops reading at bodyLimit and keeps serving after the 413', async () => {
    const core = recordingHandler({ status: 413, headers: { 'content-type': JSON_TYPE }, body: '{"message":"Payload Too Large"}' });
    const app = express();
    app.use(triggerKitRouter({ handler: core.handler, bodyLimit: 8 }));
    const base = await listen(app);
    const json = { 'content-type': 'application/json' };
    expect((await fetch(`${base}/users/track`, { method: 'POST', headers: json, body: 'x'.repeat(1_000_000) })).status).toBe(413);
    expect(core.seen[0]).toMatchObject({ bodyTooLarge: true });
    expect((await fetch(`${base}/users/track`, { method: 'POST', headers: json, body: '{}' })).status).toBe(413);
    expect(new TextDecoder().decode(core.seen[1]?.rawBody as Uint8Array)).toBe('{}');
  });

  it('passes unexpected errors to the app’s error middleware', async () => {
    const failure = new Error('store is down');
    const seen: unknown[] = [];
    const onError: ErrorRequestHandler = (error, _req, res, _next) => {
      seen.push(error);
      res.status(503).json({ message: 'try later' });
    };
    const app = express();
    app.use(triggerKitRouter({ handler: () => Promise.reject(failure) }));
    app.use(onError);
    const response = await fetch(`${await listen(app)}/users/track`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(503);
    expect(seen).toEqual([failure]);
  });

  it('creates and closes the real core handler from options', async () => {
    const router = triggerKitRouter({ config: { workspaces: [{ name: 'acme', api_keys: [{ key: 'k', permissions: ['users.track'] }] }] } });
    const app = express();
    app.use('/braze', router);
    const response = await fetch(`${await listen(app)}/braze/users/track`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify({ attributes: [{ external_id: 'u-1', first_name: 'Ann' }] }),
    });
    expect(await response.json()).toEqual({ message: 'success', attributes_processed: 1 });
    await expect(router.close()).resolves.toBeUndefined();
  });

  it('throws at once on an invalid configuration, with every problem by path', () => {
    expect(() => triggerKitRouter({ config: { workspaces: [] } })).toThrow(ValidationError);
  });
});

import Fastify, { type FastifyInstance } from 'fastify';
import { ValidationError, type HttpResponse } from '@triggerkit/core';
import { recordingHandler } from '@triggerkit/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { triggerKitServer } from './index';

const JSON_TYPE = 'application/json; charset=utf-8';
const apps: FastifyInstance[] = [];

afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function listen(app: FastifyInstance): Promise<string> {
  apps.push(app);
  return app.listen({ port: 0, host: '127.0.0.1' });
}

const rateLimited: HttpResponse = {
  status: 429,
  headers: { 'content-type': JSON_TYPE, 'x-ratelimit-limit': '3', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1767229200', 'retry-after': '1800' },
  body: '{"message":"Rate limit exceeded"}',
};
const ok: HttpResponse = { status: 200, headers: { 'content-type': JSON_TYPE }, body: '{}' };

describe('triggerKitServer', () => {
  it('answers exactly what the core handler answers: status, headers, body bytes', async () => {
    const app = Fastify();
    await app.register(triggerKitServer, { prefix: '/braze', handler: recordingHandler(rateLimited).handler });
    const response = await fetch(`${await listen(app)}/braze/campaigns/trigger/send`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(429);
    for (const [name, value] of Object.entries(rateLimited.headers)) expect(response.headers.get(name)).toBe(value);
    expect(await response.text()).toBe(rateLimited.body);
  });

  it('hands the core handler the path below the prefix, query and encoding kept, headers unchanged', async () => {
    const core = recordingHandler(ok);
    const app = Fastify();
    await app.register(async (api) => api.register(triggerKitServer, { prefix: '/braze', handler: core.handler }), { prefix: '/api' });
    const base = await listen(app);
    await fetch(`${base}/api/braze/_mock/users/a%2Fb?x=1&x=2`);
    await fetch(`${base}/api/braze`);
    await fetch(`${base}/api/braze/users/track`, { method: 'POST', body: '{}', headers: { 'content-type': 'text/csv; charset=latin1', 'x-custom': 'v' } });
    expect(core.seen.map((request) => request.path)).toEqual(['/_mock/users/a%2Fb', '/', '/users/track']);
    expect(core.seen[0]).toMatchObject({ method: 'GET', query: { x: ['1', '2'] } });
    expect(core.seen[2]?.headers).toMatchObject({ 'content-type': 'text/csv; charset=latin1', 'x-custom': 'v' });
  });

  it('reads the raw body byte for byte, whatever the app around it parses', async () => {
    const core = recordingHandler(ok);
    const app = Fastify();
    app.post('/echo', async (request) => request.body);
    await app.register(triggerKitServer, { prefix: '/braze', handler: core.handler });
    const base = await listen(app);
    const raw = '{"campaign_id":"welcome",  "recipients":[], "a":1, "a":2}';
    for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON', 'application/json;charset=latin1']) {
      await fetch(`${base}/braze/campaigns/trigger/send`, { method: 'POST', body: raw, headers: { 'content-type': type } });
    }
    await fetch(`${base}/braze/users/track`, { method: 'POST', body: 'not json', headers: { 'content-type': 'application/json' } });
    expect(core.seen.map((request) => new TextDecoder().decode(request.rawBody as Uint8Array))).toEqual([raw, raw, raw, raw, 'not json']);
    expect(core.seen.every((request) => request.parsedBody === undefined)).toBe(true);
    // The app's own routes keep Fastify's JSON parser.
    expect(await (await fetch(`${base}/echo`, { method: 'POST', body: '{"x":1}', headers: { 'content-type': 'application/json' } })).json()).toEqual({ x: 1 });
  });

  it('stops reading at bodyLimit, lets the core answer 413, and keeps serving', async () => {
    const core = recordingHandler({ status: 413, headers: { 'content-type': JSON_TYPE }, body: '{"message":"Payload Too Large"}' });
    const app = Fastify();
    await app.register(triggerKitServer, { handler: core.handler, bodyLimit: 8 });
    const base = await listen(app);
    const json = { 'content-type': 'application/json' };
    expect((await fetch(`${base}/users/track`, { method: 'POST', body: 'x'.repeat(1_000_000), headers: json })).status).toBe(413);
    expect(core.seen[0]).toMatchObject({ bodyTooLarge: true });
    expect((await fetch(`${base}/users/track`, { method: 'POST', body: '{}', headers: json })).status).toBe(413);
    expect(new TextDecoder().decode(core.seen[1]?.rawBody as Uint8Array)).toBe('{}');
  });

  it('destroys the connection when a fault says so', async () => {
    const app = Fastify();
    await app.register(triggerKitServer, { handler: async () => ({ ...ok, dropConnection: true }) });
    await expect(fetch(`${await listen(app)}/users/track`, { method: 'POST', body: '{}' })).rejects.toThrow();
  });

  it('passes unexpected errors to the app’s error handler', async () => {
    const failure = new Error('store is down');
    const seen: unknown[] = [];
    const app = Fastify();
    app.setErrorHandler((error, _request, reply) => {
      seen.push(error);
      void reply.code(503).send({ message: 'try later' });
    });
    await app.register(triggerKitServer, { handler: () => Promise.reject(failure) });
    const response = await fetch(`${await listen(app)}/users/track`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(503);
    expect(seen).toEqual([failure]);
  });

  it('creates the real core handler from options and closes it with the app', async () => {
    const app = Fastify();
    await app.register(triggerKitServer, { prefix: '/braze', config: { workspaces: [{ name: 'acme', api_keys: [{ key: 'k', permissions: ['users.track'] }] }] } });
    const response = await fetch(`${await listen(app)}/braze/users/track`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify({ attributes: [{ external_id: 'u-1', first_name: 'Ann' }] }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ message: 'success', attributes_processed: 1 });
  });

  it('fails registration on an invalid configuration, with every problem by path', async () => {
    const app = Fastify();
    await expect(app.register(triggerKitServer, { config: { workspaces: [] } })).rejects.toThrow(ValidationError);
  });
});

import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, type Mock, vi } from 'vitest';
import type { Engine } from '../../engine/engine.types';
import { manualClock, type ManualClock } from '../../engine/support/clock';
import type { MockServerConfigInput } from '../../schema/mock-config.schema';
import { listen, type ListeningServer } from './node-listener.http';
import { createTriggerKitHandler, type HttpLogger, type TriggerKitHandler } from './triggerkit.handler';

const ALL = ['campaigns.trigger.send', 'canvas.trigger.send', 'users.track', 'sends.id.create', 'mock.inspect'] as const;
const START = Date.UTC(2026, 0, 1, 12, 0, 0);

const config: MockServerConfigInput = {
  workspaces: [
    {
      name: 'acme',
      api_keys: [
        { key: 'acme-all', permissions: [...ALL] },
        { key: 'acme-track', permissions: ['users.track'] },
      ],
      rate_limits: { users_track: { limit: 3, window_seconds: 3600 } },
      campaigns: [{ id: 'welcome', status: 'active', channel: 'email', message: { subject: 'Hi', body: 'Hello {{${first_name}}}' } }],
      users: [{ external_id: 'u-1', attributes: { email: 'u1@example.com', first_name: 'Ann' } }],
    },
    {
      name: 'globex',
      api_keys: [{ key: 'globex-all', permissions: [...ALL] }],
      campaigns: [{ id: 'welcome', status: 'active', channel: 'email', message: { subject: 'Hi', body: 'Hello' } }],
      users: [{ external_id: 'g-1', attributes: { email: 'g1@example.com' } }],
    },
  ],
};

interface Answer {
  status: number;
  headers: Headers;
  json: unknown;
}

let clock: ManualClock;
let triggerKit: TriggerKitHandler;
let server: ListeningServer;
let logger: { error: Mock<HttpLogger['error']> };

beforeEach(async () => {
  clock = manualClock(START);
  logger = { error: vi.fn<HttpLogger['error']>() };
  triggerKit = createTriggerKitHandler({ config, clock, logger });
  server = await listen(triggerKit.handle);
});

afterEach(async () => {
  await server.close();
  await triggerKit.close();
});

async function call(method: string, path: string, options: { key?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== undefined) headers['authorization'] = `Bearer ${options.key}`;
  const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(server.url + path, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  return { status: response.status, headers: response.headers, json: JSON.parse(text) as unknown };
}

const track = (externalId = 'u-2') => ({ attributes: [{ external_id: externalId, first_name: 'Bo' }] });
const trigger = (externalId = 'u-1') => ({ campaign_id: 'welcome', recipients: [{ external_user_id: externalId }] });

function rateHeaders(answer: Answer): Record<string, string | null> {
  return {
    limit: answer.headers.get('x-ratelimit-limit'),
    remaining: answer.headers.get('x-ratelimit-remaining'),
    reset: answer.headers.get('x-ratelimit-reset'),
  };
}

describe('health', () => {
  it('answers without a key', async () => {
    expect(await call('GET', '/_mock/health')).toMatchObject({ status: 200, json: { status: 'ok' } });
  });

  it('serves the OpenAPI document without a key, the same as the generated file', async () => {
    const answer = await call('GET', '/_mock/openapi.json');
    expect(answer.status).toBe(200);
    const generated = JSON.parse(readFileSync(new URL('../../../generated/openapi.json', import.meta.url), 'utf8')) as unknown;
    expect(answer.json).toEqual(generated);
    expect(answer.json).toMatchObject({ openapi: '3.1.0', paths: { '/campaigns/trigger/send': expect.any(Object) } });
  });
});

describe('authentication (spec 2)', () => {
  it('accepts a Bearer key', async () => {
    expect((await call('POST', '/users/track', { key: 'acme-all', body: track() })).status).toBe(201);
  });

  it('accepts the legacy body api_key', async () => {
    expect((await call('POST', '/users/track', { body: { api_key: 'acme-all', ...track() } })).status).toBe(201);
  });

  it('lets the header win over the body', async () => {
    expect((await call('POST', '/users/track', { key: 'nope', body: { api_key: 'acme-all', ...track() } })).status).toBe(401);
    expect((await call('POST', '/users/track', { key: 'acme-all', body: { api_key: 'nope', ...track() } })).status).toBe(201);
  });

  it.each([
    ['missing', {}],
    ['unknown', { key: 'acme-al' }],
    ['empty body key', { body: { api_key: '' } }],
    ['non-bearer scheme', { headers: { authorization: 'Basic YWNtZS1hbGw=' } }],
  ])('answers a %s key with 401 and a constant message, no rate-limit headers', async (_name, options) => {
    const answer = await call('POST', '/campaigns/trigger/send', { body: trigger(), ...options });
    expect(answer).toMatchObject({ status: 401, json: { message: 'Invalid API key' } });
    expect(answer.headers.get('x-ratelimit-limit')).toBeNull();
  });

  it('requires a key for inspection too', async () => {
    expect(await call('GET', '/_mock/messages')).toMatchObject({ status: 401, json: { message: 'Invalid API key' } });
  });
});

describe('permissions (spec 2)', () => {
  it('names the missing permission, with rate-limit headers, without counting', async () => {
    const denied = await call('POST', '/campaigns/trigger/send', { key: 'acme-track', body: trigger() });
    expect(denied).toMatchObject({ status: 403, json: { message: 'Access Denied: this API key lacks the campaigns.trigger.send permission' } });
    expect(rateHeaders(denied)).toEqual({ limit: '250000', remaining: '250000', reset: String(START / 1000 + 3600) });
    const sent = await call('POST', '/campaigns/trigger/send', { key: 'acme-all', body: trigger() });
    expect(rateHeaders(sent).remaining).toBe('249999');
  });

  it('guards /_mock with mock.inspect', async () => {
    expect(await call('GET', '/_mock/requests', { key: 'acme-track' })).toMatchObject({
      status: 403,
      json: { message: 'Access Denied: this API key lacks the mock.inspect permission' },
    });
  });
});

describe('rate limits (spec 5)', () => {
  it('counts 201 and 400, not 403 or 401, and then answers 429 without processing', async () => {
    const first = await call('POST', '/users/track', { key: 'acme-track', body: track('u-a') });
    expect(first.status).toBe(201);
    expect(rateHeaders(first)).toEqual({ limit: '3', remaining: '2', reset: String(START / 1000 + 3600) });

    const invalid = await call('POST', '/users/track', { key: 'acme-track', raw: '{nope' });
    expect(invalid).toMatchObject({ status: 400, json: { message: 'Bad Request: body must be a JSON object' } });
    expect(rateHeaders(invalid).remaining).toBe('1');

    await call('POST', '/users/track', { key: 'missing' });
    expect(rateHeaders(await call('POST', '/users/track', { key: 'acme-track', body: track('u-b') })).remaining).toBe('0');

    clock.advance(1500);
    const limited = await call('POST', '/users/track', { key: 'acme-track', body: track('u-c') });
    expect(limited).toMatchObject({ status: 429, json: { message: 'Rate limit exceeded' } });
    expect(rateHeaders(limited)).toEqual({ limit: '3', remaining: '0', reset: String(START / 1000 + 3600) });
    expect(limited.headers.get('retry-after')).toBe('3599');
    expect(await call('GET', '/_mock/users/u-c', { key: 'acme-all' })).toMatchObject({ status: 404, json: { message: 'User not found' } });
  });

  it('opens a new window at the boundary', async () => {
    for (const id of ['a', 'b', 'c']) await call('POST', '/users/track', { key: 'acme-all', body: track(id) });
    expect((await call('POST', '/users/track', { key: 'acme-all', body: track('d') })).status).toBe(429);
    clock.advance(3600 * 1000);
    expect((await call('POST', '/users/track', { key: 'acme-all', body: track('d') })).status).toBe(201);
  });

  it('counts broadcast and audience triggers against the broadcast class and their audience (Rev 2: the narrower window shows)', async () => {
    const broadcast = await call('POST', '/campaigns/trigger/send', { key: 'acme-all', body: { campaign_id: 'welcome', broadcast: true } });
    expect(broadcast.status).toBe(201);
    expect(rateHeaders(broadcast)).toMatchObject({ limit: '10', remaining: '9' });
    const listed = await call('POST', '/campaigns/trigger/send', { key: 'acme-all', body: trigger() });
    expect(rateHeaders(listed)).toMatchObject({ limit: '250000', remaining: '249999' });
  });

  it('keeps counters per workspace and leaves /_mock unlimited', async () => {
    for (const id of ['a', 'b', 'c']) await call('POST', '/users/track', { key: 'acme-all', body: track(id) });
    expect((await call('POST', '/users/track', { key: 'globex-all', body: track('a') })).status).toBe(201);
    const inspect = await call('GET', '/_mock/messages', { key: 'acme-all' });
    expect(inspect.headers.get('x-ratelimit-limit')).toBeNull();
  });
});

describe('bodies (spec 3.2 rules 1–2)', () => {
  it('answers a body over 4 MB with 413', async () => {
    const big = JSON.stringify({ campaign_id: 'welcome', pad: 'x'.repeat(4 * 1024 * 1024) });
    const answer = await call('POST', '/campaigns/trigger/send', { key: 'acme-all', raw: big });
    expect(answer).toMatchObject({ status: 413, json: { message: 'Payload Too Large' } });
    expect(rateHeaders(answer).limit).toBe('250000');
  });

  it.each(['', 'not json', '[1]', '"x"', 'null', '{"a":1'])('answers %j with 400', async (raw) => {
    expect(await call('POST', '/campaigns/trigger/send', { key: 'acme-all', raw })).toMatchObject({
      status: 400,
      json: { message: 'Bad Request: body must be a JSON object' },
    });
  });

  it('answers an unreadable body without any key with the body problem', async () => {
    expect(await call('POST', '/users/track', { raw: '{' })).toMatchObject({ status: 400 });
  });

  it('passes the engine validation errors through', async () => {
    const answer = await call('POST', '/campaigns/trigger/send', { key: 'acme-all', body: { recipients: [] } });
    expect(answer).toMatchObject({ status: 400, json: { message: 'campaign_id must be a string of the campaign api identifier' } });
  });
});

describe('routing', () => {
  it('answers an unknown route with 404 JSON', async () => {
    expect(await call('GET', '/nope')).toMatchObject({ status: 404, json: { message: 'Not Found' } });
  });

  it('answers a wrong method with 405 JSON and Allow', async () => {
    const answer = await call('GET', '/campaigns/trigger/send', { key: 'acme-all' });
    expect(answer).toMatchObject({ status: 405, json: { message: 'Method Not Allowed' } });
    expect(answer.headers.get('allow')).toBe('POST');
  });
});

describe('Braze endpoints', () => {
  it('serves all four with 201', async () => {
    expect(await call('POST', '/campaigns/trigger/send', { key: 'acme-all', body: trigger() })).toMatchObject({ status: 201, json: { message: 'success' } });
    expect((await call('POST', '/users/track', { key: 'acme-all', body: track() })).status).toBe(201);
    expect(await call('POST', '/sends/id/create', { key: 'acme-all', body: { campaign_id: 'welcome', send_id: 's-1' } })).toMatchObject({
      status: 201,
      json: { message: 'success', send_id: 's-1' },
    });
    expect(await call('POST', '/canvas/trigger/send', { key: 'acme-all', body: { canvas_id: 'nope', recipients: [{ external_user_id: 'u-1' }] } })).toMatchObject({
      status: 400,
      json: { message: 'Canvas does not exist' },
    });
  });
});

describe('inspection (spec 9)', () => {
  it('lists messages with filters, the dispatch and the user', async () => {
    const sent = await call('POST', '/campaigns/trigger/send', { key: 'acme-all', body: trigger() });
    const dispatchId = (sent.json as { dispatch_id: string }).dispatch_id;
    const messages = await call('GET', `/_mock/messages?dispatch_id=${dispatchId}`, { key: 'acme-all' });
    expect(messages.status).toBe(200);
    expect((messages.json as { messages: unknown[] }).messages).toHaveLength(1);
    expect((await call('GET', '/_mock/messages?campaign_id=other', { key: 'acme-all' })).json).toEqual({ messages: [] });
    const dispatch = await call('GET', `/_mock/dispatches/${encodeURIComponent(dispatchId)}`, { key: 'acme-all' });
    expect(dispatch).toMatchObject({ status: 200, json: { dispatch_id: dispatchId, recipients: [{ outcome: 'sent' }] } });
    expect(await call('GET', '/_mock/dispatches/nope', { key: 'acme-all' })).toMatchObject({ status: 404 });
    expect(await call('GET', '/_mock/users/u-1', { key: 'acme-all' })).toMatchObject({ status: 200, json: { external_id: 'u-1' } });
    expect(await call('GET', '/_mock/users/nobody', { key: 'acme-all' })).toMatchObject({ status: 404, json: { message: 'User not found' } });
  });

  it('journals the Braze endpoints without api_key or headers', async () => {
    await call('POST', '/users/track', { body: { api_key: 'acme-all', ...track() }, headers: { 'x-secret': 'hidden' } });
    await call('POST', '/users/track', { key: 'acme-track', raw: 'nope' });
    await call('GET', '/_mock/messages', { key: 'acme-all' });
    const journal = await call('GET', '/_mock/requests', { key: 'acme-all' });
    const { requests } = journal.json as { requests: Array<Record<string, unknown>> };
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({ method: 'POST', path: '/users/track', status: 201, received_at: new Date(START).toISOString(), body: track() });
    expect(requests[0]?.['id']).toEqual(expect.any(String));
    expect(requests[0]?.['duration_ms']).toEqual(expect.any(Number));
    expect(requests[1]).toMatchObject({ status: 400, body: null });
    expect(JSON.stringify(journal.json)).not.toMatch(/acme-all|acme-track|hidden/);
  });

  it('creates or replaces a campaign at run time', async () => {
    const put = await call('PUT', '/_mock/campaigns/promo', { key: 'acme-all', body: { channel: 'sms', message: { body: 'Promo' } } });
    expect(put).toMatchObject({ status: 200, json: { id: 'promo', channel: 'sms' } });
    expect(await call('PUT', '/_mock/campaigns/promo', { key: 'acme-all', body: { channel: 'fax' } })).toMatchObject({ status: 400, json: { message: 'Bad Request' } });
    const sent = await call('POST', '/campaigns/trigger/send', { key: 'acme-all', body: { campaign_id: 'promo', recipients: [{ external_user_id: 'u-1' }] } });
    expect(sent.status).toBe(201);
  });

  it('creates a canvas at run time', async () => {
    const put = await call('PUT', '/_mock/canvases/flow', { key: 'acme-all', body: { channel: 'push', message: { title: 'T', body: 'B' } } });
    expect(put).toMatchObject({ status: 200, json: { id: 'flow' } });
    expect((await call('POST', '/canvas/trigger/send', { key: 'acme-all', body: { canvas_id: 'flow', broadcast: true } })).status).toBe(201);
  });

  it('resets users, messages, journal, faults and counters of that workspace only', async () => {
    await call('POST', '/campaigns/trigger/send', { key: 'acme-all', body: trigger() });
    await call('POST', '/users/track', { key: 'acme-all', body: track('new') });
    await call('POST', '/campaigns/trigger/send', { key: 'globex-all', body: trigger('g-1') });
    await call('PUT', '/_mock/faults', { key: 'acme-all', body: { status: 500 } });
    expect(await call('POST', '/_mock/reset', { key: 'acme-all' })).toMatchObject({ status: 200 });
    expect((await call('GET', '/_mock/messages', { key: 'acme-all' })).json).toEqual({ messages: [] });
    expect((await call('GET', '/_mock/requests', { key: 'acme-all' })).json).toEqual({ requests: [] });
    expect((await call('GET', '/_mock/users/new', { key: 'acme-all' })).status).toBe(404);
    expect((await call('GET', '/_mock/users/u-1', { key: 'acme-all' })).status).toBe(200);
    const after = await call('POST', '/users/track', { key: 'acme-all', body: track() });
    expect(after.status).toBe(201);
    expect(rateHeaders(after).remaining).toBe('2');
    expect((await call('GET', '/_mock/messages', { key: 'globex-all' })).json).toMatchObject({ messages: [{ campaign_id: 'welcome' }] });
  });

  it('isolates workspaces', async () => {
    await call('POST', '/campaigns/trigger/send', { key: 'globex-all', body: trigger('g-1') });
    expect((await call('GET', '/_mock/messages', { key: 'acme-all' })).json).toEqual({ messages: [] });
    expect((await call('GET', '/_mock/users/g-1', { key: 'acme-all' })).status).toBe(404);
    expect((await call('GET', '/_mock/users/u-1', { key: 'globex-all' })).status).toBe(404);
    expect((await call('GET', '/_mock/requests', { key: 'acme-all' })).json).toEqual({ requests: [] });
  });
});

describe('faults (spec 9)', () => {
  it('fails the next `count` requests, then processes normally', async () => {
    expect(await call('PUT', '/_mock/faults', { key: 'acme-all', body: { status: 503, count: 2 } })).toMatchObject({ status: 200 });
    const first = await call('POST', '/users/track', { key: 'acme-all', body: track('f') });
    expect(first).toMatchObject({ status: 503, json: { message: 'Service Unavailable' } });
    expect(rateHeaders(first).remaining).toBe('2');
    expect((await call('POST', '/users/track', { key: 'acme-all', body: track('f') })).status).toBe(503);
    expect((await call('GET', '/_mock/users/f', { key: 'acme-all' })).status).toBe(404);
    expect((await call('POST', '/users/track', { key: 'acme-all', body: track('f') })).status).toBe(201);
  });

  it('injects a 429 with rate-limit headers and Retry-After: 1', async () => {
    await call('PUT', '/_mock/faults', { key: 'acme-all', body: { status: 429, count: 1 } });
    const answer = await call('POST', '/campaigns/trigger/send', { key: 'acme-all', body: trigger() });
    expect(answer).toMatchObject({ status: 429, json: { message: 'Rate limit exceeded' } });
    expect(answer.headers.get('retry-after')).toBe('1');
    expect(rateHeaders(answer)).toEqual({ limit: '250000', remaining: '0', reset: String(START / 1000 + 3600) });
    expect((await call('GET', '/_mock/messages', { key: 'acme-all' })).json).toEqual({ messages: [] });
  });

  it('does not count an injected 429, as no 429 counts (spec 5)', async () => {
    await call('PUT', '/_mock/faults', { key: 'acme-all', body: { status: 429, count: 2 } });
    for (let i = 0; i < 2; i += 1) expect((await call('POST', '/users/track', { key: 'acme-all', body: track() })).status).toBe(429);
    expect(rateHeaders(await call('POST', '/users/track', { key: 'acme-all', body: track() })).remaining).toBe('2');
  });

  it('leaves the fault for the next request when the real limit answers first', async () => {
    for (let i = 0; i < 3; i += 1) await call('POST', '/users/track', { key: 'acme-all', body: track() });
    await call('PUT', '/_mock/faults', { key: 'acme-all', body: { status: 503, count: 1 } });
    expect((await call('POST', '/users/track', { key: 'acme-all', body: track() })).headers.get('retry-after')).not.toBe('1');
    expect((await call('POST', '/campaigns/trigger/send', { key: 'acme-all', body: trigger() })).status).toBe(503);
  });

  it('drops the connection and journals it with status 0', async () => {
    await call('PUT', '/_mock/faults', { key: 'acme-all', body: { drop_connection: true, count: 1 } });
    await expect(fetch(`${server.url}/users/track`, { method: 'POST', headers: { authorization: 'Bearer acme-all', 'content-type': 'application/json' }, body: JSON.stringify(track()) })).rejects.toThrow();
    expect((await call('GET', '/_mock/requests', { key: 'acme-all' })).json).toMatchObject({ requests: [{ status: 0 }] });
    expect((await call('POST', '/users/track', { key: 'acme-all', body: track() })).status).toBe(201);
  });

  it('delays by latency_ms and then processes', async () => {
    await call('PUT', '/_mock/faults', { key: 'acme-all', body: { latency_ms: 120, count: 1 } });
    const startedAt = performance.now();
    expect((await call('POST', '/users/track', { key: 'acme-all', body: track() })).status).toBe(201);
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(110);
  });

  it('applies only to the listed paths', async () => {
    await call('PUT', '/_mock/faults', { key: 'acme-all', body: { status: 500, paths: ['/sends/id/create'] } });
    expect((await call('POST', '/users/track', { key: 'acme-all', body: track() })).status).toBe(201);
    expect(await call('POST', '/sends/id/create', { key: 'acme-all', body: { campaign_id: 'welcome' } })).toMatchObject({
      status: 500,
      json: { message: 'Internal Server Error' },
    });
    expect(await call('DELETE', '/_mock/faults', { key: 'acme-all' })).toMatchObject({ status: 200 });
    expect((await call('POST', '/sends/id/create', { key: 'acme-all', body: { campaign_id: 'welcome' } })).status).toBe(201);
  });

  it('draws probability reproducibly from the workspace seed', async () => {
    const outcomes = async (): Promise<number[]> => {
      await call('PUT', '/_mock/faults', { key: 'acme-all', body: { status: 502, probability: 0.5, paths: ['/campaigns/trigger/send'] } });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i += 1) statuses.push((await call('POST', '/campaigns/trigger/send', { key: 'acme-all', body: trigger() })).status);
      return statuses;
    };
    const first = await outcomes();
    expect(first).toContain(502);
    expect(first).toContain(201);
    expect(await outcomes()).toEqual(first);
  });

  it('rejects a malformed fault with path errors', async () => {
    const answer = await call('PUT', '/_mock/faults', { key: 'acme-all', body: { status: 418, probability: 2 } });
    expect(answer).toMatchObject({ status: 400, json: { message: 'Bad Request' } });
    expect((answer.json as { errors: string[] }).errors).toEqual(['status: must be one of 429, 500, 502, 503, 504', 'probability: must be at most 1']);
    expect(await call('PUT', '/_mock/faults', { key: 'acme-all', body: {} })).toMatchObject({ status: 400 });
    expect(await call('PUT', '/_mock/faults', { key: 'acme-all', raw: 'x' })).toMatchObject({ status: 400, json: { message: 'Bad Request: body must be a JSON object' } });
  });

  it('keeps faults per workspace', async () => {
    await call('PUT', '/_mock/faults', { key: 'acme-all', body: { status: 500 } });
    expect((await call('POST', '/users/track', { key: 'globex-all', body: track() })).status).toBe(201);
  });
});

describe('unexpected failures', () => {
  it('answers 500 without details and reports to the logger without the key', async () => {
    const engine = Object.assign(Object.create(triggerKit.engine) as Engine, { triggerCampaign: () => Promise.reject(new Error('db password=hunter2')) });
    const failing = createTriggerKitHandler({ config, logger, engine });
    const response = await failing.handle({ method: 'POST', path: '/campaigns/trigger/send', headers: { authorization: 'Bearer acme-all', 'content-type': 'application/json' }, rawBody: JSON.stringify(trigger()) });
    expect(response.status).toBe(500);
    expect(response.body).toBe('{"message":"Internal Server Error"}');
    expect(response.headers['x-ratelimit-limit']).toBe('250000');
    expect(logger.error).toHaveBeenCalledOnce();
    expect(JSON.stringify(logger.error.mock.calls)).not.toContain('acme-all');
    await failing.close();
  });
});

describe('createTriggerKitHandler without a host', () => {
  it('refuses a configuration whose Liquid does not parse, naming the field and the campaign', () => {
    const broken: MockServerConfigInput = {
      workspaces: [{ name: 'w', api_keys: [{ key: 'k', permissions: [] }], campaigns: [{ id: 'promo', channel: 'email', message: { subject: 'Hi {{ name', body: 'ok' } }] }],
    };
    expect(() => createTriggerKitHandler({ config: broken })).toThrow(
      expect.objectContaining({ httpStatus: 400, errors: [expect.stringMatching(/^workspaces\[0\]\.campaigns\[0\]\.message\.subject \(campaign "promo"\): /)] }),
    );
  });

  it('refuses an invalid configuration, listing problems by path', () => {
    expect(() => createTriggerKitHandler({ config: { workspaces: [{ name: '', api_keys: [] }] } })).toThrow(
      expect.objectContaining({ httpStatus: 400, message: 'Invalid mock server configuration', errors: expect.arrayContaining([expect.stringMatching(/^workspaces\[0\]\.name: /)]) }),
    );
  });

  it('takes JSON a framework already parsed, a query inside the path, and header names in any case', async () => {
    const sent = await triggerKit.handle({ method: 'post', path: '/campaigns/trigger/send', headers: { Authorization: 'Bearer acme-all', 'Content-Type': 'Application/JSON; charset=UTF-8' }, parsedBody: { api_key: 'x', ...trigger() } });
    expect(sent.status).toBe(201);
    const { dispatch_id: dispatchId } = JSON.parse(sent.body) as { dispatch_id: string };
    const listed = await triggerKit.handle({ method: 'GET', path: `/_mock/messages?dispatch_id=${dispatchId}`, headers: { authorization: 'Bearer acme-all' } });
    expect((JSON.parse(listed.body) as { messages: unknown[] }).messages).toHaveLength(1);
  });

  it('answers a parsed body that is not an object with 400', async () => {
    const answer = await triggerKit.handle({ method: 'POST', path: '/users/track', headers: { authorization: 'Bearer acme-all', 'content-type': 'application/json' }, parsedBody: [1] });
    expect(answer).toMatchObject({ status: 400, body: '{"message":"Bad Request: body must be a JSON object","errors":["Bad Request: body must be a JSON object"]}' });
  });

  it('answers 413 when the host reports an oversized body', async () => {
    const answer = await triggerKit.handle({ method: 'POST', path: '/users/track', headers: { 'content-type': 'application/json' }, bodyTooLarge: true });
    expect(answer).toMatchObject({ status: 413, body: '{"message":"Payload Too Large"}' });
  });
});

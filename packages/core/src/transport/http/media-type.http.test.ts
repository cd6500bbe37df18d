import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MockServerConfigInput } from '../../schema/mock-config.schema';
import type { HttpRequest } from './http.types';
import { isJsonContentType, isUnsupportedMediaType } from './media-type.http';
import { createTriggerKitHandler, type TriggerKitHandler } from './triggerkit.handler';

describe('isJsonContentType', () => {
  it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON', 'APPLICATION/JSON;CHARSET=UTF-8', ' application/json ; foo=bar'])('accepts %j', (value) => {
    expect(isJsonContentType(value)).toBe(true);
  });

  it.each([undefined, '', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'application/json-patch+json', 'application/vnd.api+json', 'text/json'])('refuses %j', (value) => {
    expect(isJsonContentType(value)).toBe(false);
  });
});

describe('isUnsupportedMediaType (spec 2, Rev 2)', () => {
  const probe = (method: string, path: string, headers: HttpRequest['headers'] = {}, extra: Partial<HttpRequest> = {}) => isUnsupportedMediaType({ method, path, headers, ...extra });

  it('refuses a POST to a Braze endpoint without application/json, with or without a body', () => {
    for (const path of ['/campaigns/trigger/send', '/canvas/trigger/send', '/users/track', '/sends/id/create']) {
      expect(probe('POST', path)).toBe(true);
      expect(probe('post', path, { 'content-type': 'text/plain' }, { rawBody: '{}' })).toBe(true);
      expect(probe('POST', path, { 'Content-Type': 'application/json' })).toBe(false);
    }
  });

  it('leaves other methods and paths to routing (405, 404, GET /_mock)', () => {
    expect(probe('GET', '/users/track')).toBe(false);
    expect(probe('POST', '/nope')).toBe(false);
    expect(probe('GET', '/_mock/messages', { 'content-type': 'text/plain' }, { rawBody: 'x' })).toBe(false);
    expect(probe('DELETE', '/_mock/faults', { 'content-type': 'text/plain' }, { rawBody: 'x' })).toBe(false);
  });

  it('refuses a POST or PUT to /_mock only when it carries a body of another type', () => {
    expect(probe('POST', '/_mock/reset')).toBe(false);
    expect(probe('POST', '/_mock/reset', { 'content-length': '0' })).toBe(false);
    expect(probe('POST', '/_mock/reset', {}, { rawBody: new Uint8Array() })).toBe(false);
    expect(probe('POST', '/_mock/reset', { 'content-type': 'text/plain' }, { rawBody: 'x' })).toBe(true);
    expect(probe('POST', '/_mock/reset', { 'content-length': '2' })).toBe(true);
    expect(probe('PUT', '/_mock/faults', { 'transfer-encoding': 'chunked' })).toBe(true);
    expect(probe('PUT', '/_mock/campaigns/c', { 'content-type': 'application/x-www-form-urlencoded' }, { parsedBody: { a: '1' } })).toBe(true);
    expect(probe('PUT', '/_mock/faults', {}, { bodyTooLarge: true })).toBe(true);
    expect(probe('PUT', '/_mock/faults', { 'content-type': 'application/json; charset=utf-8' }, { rawBody: '{}' })).toBe(false);
  });
});

const config: MockServerConfigInput = {
  workspaces: [
    {
      name: 'acme',
      api_keys: [{ key: 'k', permissions: ['campaigns.trigger.send', 'users.track', 'mock.inspect'] }],
      rate_limits: { trigger: { limit: 2, window_seconds: 3600 } },
      campaigns: [{ id: 'welcome', channel: 'email', message: { subject: 's', body: 'b' } }],
      users: [{ external_id: 'u-1', attributes: { email: 'u1@example.com' } }],
    },
  ],
};

let server: TriggerKitHandler;
beforeEach(() => {
  server = createTriggerKitHandler({ config, logger: { error: () => {} } });
});
afterEach(async () => {
  await server.close();
});

const trigger = JSON.stringify({ campaign_id: 'welcome', recipients: [{ external_user_id: 'u-1' }] });
const call = (method: string, path: string, headers: Record<string, string>, rawBody?: string) => server.handle({ method, path, headers, ...(rawBody === undefined ? {} : { rawBody }) });

describe('the handler answers 415 first (spec 2, Rev 2)', () => {
  it('before authentication, the body, rate limits, faults and the journal: nothing processed, nothing counted', async () => {
    await call('PUT', '/_mock/faults', { authorization: 'Bearer k', 'content-type': 'application/json' }, JSON.stringify({ status: 503, count: 1 }));
    const variants: Record<string, string>[] = [{ authorization: 'Bearer k', 'content-type': 'text/plain' }, { authorization: 'Bearer unknown' }, { 'content-type': 'text/plain' }];
    for (const headers of variants) {
      const refused = await call('POST', '/campaigns/trigger/send', headers, JSON.stringify({ api_key: 'k', campaign_id: 'welcome', recipients: [{ external_user_id: 'u-1' }] }));
      expect({ status: refused.status, body: JSON.parse(refused.body) as unknown }).toEqual({ status: 415, body: { message: 'Unsupported Media Type' } });
      expect(Object.keys(refused.headers).filter((name) => name.startsWith('x-ratelimit') || name === 'retry-after')).toEqual([]);
    }
    const oversized = await server.handle({ method: 'POST', path: '/users/track', headers: { authorization: 'Bearer k', 'content-type': 'text/plain' }, bodyTooLarge: true });
    expect(oversized.status).toBe(415);
    // the fault is still pending and both triggers of the window are still free: the refused requests touched neither
    expect((await call('POST', '/campaigns/trigger/send', { authorization: 'Bearer k', 'content-type': 'application/json' }, trigger)).status).toBe(503);
    expect((await call('POST', '/campaigns/trigger/send', { authorization: 'Bearer k', 'content-type': 'application/json' }, trigger)).status).toBe(201);
    expect((await call('POST', '/campaigns/trigger/send', { authorization: 'Bearer k', 'content-type': 'application/json' }, trigger)).status).toBe(429);
    const journal = JSON.parse((await call('GET', '/_mock/requests', { authorization: 'Bearer k' })).body) as { requests: { status: number }[] };
    expect(journal.requests.map((entry) => entry.status)).toEqual([503, 201, 429]);
    const messages = JSON.parse((await call('GET', '/_mock/messages', { authorization: 'Bearer k' })).body) as { messages: unknown[] };
    expect(messages.messages).toHaveLength(1);
  });

  it('for a POST or PUT to /_mock with a non-JSON body, while a body-less POST /_mock/reset stays valid', async () => {
    const fault = await call('PUT', '/_mock/faults', { authorization: 'Bearer k', 'content-type': 'text/plain' }, JSON.stringify({ status: 503 }));
    expect([fault.status, fault.body]).toEqual([415, '{"message":"Unsupported Media Type"}']);
    const campaign = await call('PUT', '/_mock/campaigns/new', { authorization: 'Bearer k' }, JSON.stringify({ channel: 'sms', message: { body: 'x' } }));
    expect(campaign.status).toBe(415);
    expect((await call('POST', '/_mock/reset', { authorization: 'Bearer k' })).status).toBe(200);
    expect((await call('POST', '/_mock/reset', { authorization: 'Bearer k', 'content-type': 'text/plain' }, '')).status).toBe(200);
    expect((await call('POST', '/_mock/reset', { authorization: 'Bearer k', 'content-type': 'text/plain' }, 'x')).status).toBe(415);
    expect((await call('PUT', '/_mock/campaigns/new', { authorization: 'Bearer k', 'content-type': 'application/json' }, JSON.stringify({ channel: 'sms', message: { body: 'x' } }))).status).toBe(200);
  });

  it('leaves GET, 404 and 405 answers as they were', async () => {
    expect((await call('GET', '/users/track', {})).status).toBe(405);
    expect((await call('POST', '/nowhere', {})).status).toBe(404);
    expect((await call('GET', '/_mock/health', {})).status).toBe(200);
  });
});

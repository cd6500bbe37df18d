import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MockServerConfigInput } from '../../schema/mock-config.schema';
import type { HttpRequest } from './http.types';
import { createTriggerKitHandler, type TriggerKitHandler } from './triggerkit.handler';

const SECRET = 'acme-secret-key-0123';

const config: MockServerConfigInput = {
  workspaces: [
    {
      name: 'acme',
      api_keys: [
        { key: SECRET, permissions: ['campaigns.trigger.send', 'canvas.trigger.send', 'users.track', 'sends.id.create', 'mock.inspect'] },
        { key: 'acme-track', permissions: ['users.track'] },
      ],
      campaigns: [{ id: 'welcome', channel: 'email', message: { subject: 'Hi', body: 'Hello {{${first_name}}}' } }],
      canvases: [{ id: 'flow', channel: 'push', message: { title: 'T', body: '{{context.${step}}}' } }],
      users: [{ external_id: 'u-1', attributes: { email: 'u1@example.com' } }],
    },
  ],
};

const KNOWN_PATHS = [
  '/campaigns/trigger/send',
  '/canvas/trigger/send',
  '/users/track',
  '/sends/id/create',
  '/_mock/messages',
  '/_mock/dispatches/x',
  '/_mock/users/u-1',
  '/_mock/requests',
  '/_mock/reset',
  '/_mock/campaigns/welcome',
  '/_mock/canvases/flow',
  '/_mock/faults',
  '/_mock/health',
];

const methodArb = fc.oneof(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'post', 'get'), fc.string({ maxLength: 8 }));
const pathArb = fc.oneof(
  fc.constantFrom(...KNOWN_PATHS),
  fc.tuple(fc.constantFrom(...KNOWN_PATHS), fc.string({ maxLength: 12 })).map(([path, suffix]) => path + suffix),
  fc.webPath(),
  fc.string({ maxLength: 40 }),
);
const keyArb = fc.constantFrom(SECRET, 'acme-track', 'unknown', '');
const headersArb = fc.record(
  {
    authorization: fc.oneof(keyArb.map((key) => `Bearer ${key}`), fc.string({ maxLength: 20 }), fc.array(fc.string({ maxLength: 10 }), { maxLength: 2 })),
    'content-type': fc.constantFrom('application/json', 'text/plain'),
  },
  { requiredKeys: [] },
);
const jsonBodyArb = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record({ api_key: fc.option(keyArb, { nil: undefined }), campaign_id: fc.oneof(fc.constant('welcome'), fc.jsonValue({ maxDepth: 1 })) }, { requiredKeys: [] }),
  fc.dictionary(fc.constantFrom('recipients', 'broadcast', 'audience', 'attributes', 'events', 'status', 'count', 'probability', 'channel', '__proto__', 'constructor'), fc.jsonValue({ maxDepth: 3 })),
);
const requestArb: fc.Arbitrary<HttpRequest> = fc.record(
  {
    method: methodArb,
    path: pathArb,
    headers: headersArb,
    query: fc.dictionary(fc.string({ maxLength: 12 }), fc.oneof(fc.string({ maxLength: 12 }), fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 }))),
    rawBody: fc.oneof(jsonBodyArb.map((value) => JSON.stringify(value) ?? ''), fc.string({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 })),
    parsedBody: fc.jsonValue({ maxDepth: 2 }),
    bodyTooLarge: fc.boolean(),
  },
  { requiredKeys: ['method', 'path', 'headers'] },
);

let triggerKit: TriggerKitHandler;
const logger = { error: vi.fn() };

beforeAll(async () => {
  triggerKit = createTriggerKitHandler({ config, logger, sleep: async () => {} });
});
afterAll(async () => {
  await triggerKit.close();
});

describe('createTriggerKitHandler on arbitrary input', () => {
  it('always answers JSON with a 2xx–5xx status, never a 500, never the key', async () => {
    await fc.assert(
      fc.asyncProperty(requestArb, async (request) => {
        // A previous run may have injected a fault (a 500 is then legitimate): start each from the configured state.
        await triggerKit.handle({ method: 'POST', path: '/_mock/reset', headers: { authorization: `Bearer ${SECRET}` } });
        const response = await triggerKit.handle(request);
        expect(Number.isInteger(response.status) && response.status >= 200 && response.status <= 504).toBe(true);
        expect(response.status).not.toBe(500);
        expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(() => JSON.parse(response.body) as unknown).not.toThrow();
        expect(response.body).not.toContain(SECRET);
        expect(JSON.stringify(response.headers)).not.toContain(SECRET);
      }),
      { numRuns: 400 },
    );
    expect(logger.error).not.toHaveBeenCalled();
  });
});

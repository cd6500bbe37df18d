import { afterEach, describe, expect, it } from 'vitest';
import { AbortError, AuthError, NetworkError, PermissionError, RateLimitedError, ServerError, TimeoutError, ValidationError } from '../../errors';
import { type ClientRequestEvent, type ClientResponseEvent } from './client-hooks.types';
import { closedPortUrl, FAKE_START_MS, fakeTime, type Script, type ScriptedReply, type ScriptedServer, startScriptedServer } from './scripted-server.fixture';
import { TriggerKitClient, type TriggerKitClientOptions } from './triggerkit.client';

const SUCCESS: ScriptedReply = { status: 201, body: { dispatch_id: 'd-1', message: 'success' } };
const TRIGGER = { campaign_id: 'c-1', recipients: [{ external_user_id: 'u-1' }] };

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Answers the n-th request with `replies[n - 1]`, and with the last reply after that. */
function sequence(...replies: ScriptedReply[]): Script {
  return (_request, attempt) => replies[Math.min(attempt, replies.length) - 1] ?? SUCCESS;
}

async function setup(script: Script, options: Partial<TriggerKitClientOptions> = {}) {
  server = await startScriptedServer(script);
  const time = fakeTime();
  const client = new TriggerKitClient({ baseUrl: server.url, apiKey: 'key-1', sleep: time.sleep, now: time.now, random: time.random, ...options } as TriggerKitClientOptions);
  return { client, server, time };
}

describe('TriggerKitClient requests', () => {
  it('sends the wire body with Bearer auth and returns the parsed response', async () => {
    const { client, server } = await setup(sequence(SUCCESS));
    await expect(client.campaigns.triggerSend(TRIGGER)).resolves.toEqual({ dispatch_id: 'd-1', message: 'success' });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: 'POST', path: '/campaigns/trigger/send', body: TRIGGER });
    expect(server.requests[0]?.headers).toMatchObject({ authorization: 'Bearer key-1', 'content-type': 'application/json' });
  });

  it('reaches each endpoint at its path under a base URL prefix', async () => {
    server = await startScriptedServer((request) =>
      request.path.endsWith('/users/track') ? { status: 201, body: { message: 'success', attributes_processed: 1 } }
      : request.path.endsWith('/sends/id/create') ? { status: 201, body: { message: 'success', send_id: 's-1' } }
      : SUCCESS,
    );
    const client = new TriggerKitClient({ baseUrl: `${server.url}/braze/`, apiKey: 'key-1' });
    await client.canvas.triggerSend({ canvas_id: 'cv', recipients: [{ external_user_id: 'u-1' }] });
    await expect(client.users.track({ attributes: [{ external_id: 'u-1', first_name: 'Ann' }] })).resolves.toMatchObject({ attributes_processed: 1 });
    await expect(client.sends.createId({ campaign_id: 'c-1' })).resolves.toEqual({ message: 'success', send_id: 's-1' });
    expect(server.requests.map((r) => r.path)).toEqual(['/braze/canvas/trigger/send', '/braze/users/track', '/braze/sends/id/create']);
  });

  it('legacyBodyAuth sends api_key in the body and no Authorization header', async () => {
    const { client, server } = await setup(sequence(SUCCESS), { legacyBodyAuth: true });
    await client.campaigns.triggerSend(TRIGGER);
    expect(server.requests[0]?.body).toEqual({ ...TRIGGER, api_key: 'key-1' });
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('calls the hooks for every attempt, with the key redacted', async () => {
    const requests: ClientRequestEvent[] = [];
    const responses: ClientResponseEvent[] = [];
    const { client } = await setup(sequence({ status: 503, body: 'busy' }, SUCCESS), {
      hooks: { onRequest: (event) => void requests.push(event), onResponse: (event) => void responses.push(event) },
    });
    await client.campaigns.triggerSend(TRIGGER);
    expect(requests.map((r) => r.attempt)).toEqual([1, 2]);
    expect(requests[0]).toMatchObject({ method: 'POST', path: '/campaigns/trigger/send', body: TRIGGER, headers: { authorization: 'Bearer [redacted]' } });
    expect(JSON.stringify(requests)).not.toContain('key-1');
    expect(responses.map((r) => [r.status, r.body])).toEqual([
      [503, 'busy'],
      [201, { dispatch_id: 'd-1', message: 'success' }],
    ]);
  });

  it('rejects a bad configuration at construction', () => {
    const make = (options: object) => () => new TriggerKitClient(options as TriggerKitClientOptions);
    expect(make({ apiKey: '', instance: 'US-01' })).toThrow(/apiKey/);
    expect(make({ apiKey: 'k' })).toThrow(/exactly one/);
    expect(make({ apiKey: 'k', instance: 'US-01', baseUrl: 'http://127.0.0.1' })).toThrow(/exactly one/);
    expect(make({ apiKey: 'k', instance: 'US-01', maxConcurrency: 0 })).toThrow(/maxConcurrency/);
    expect(make({ apiKey: 'k', instance: 'US-01', timeoutMs: -5 })).toThrow(/timeoutMs/);
  });
});

describe('TriggerKitClient retries (spec 12)', () => {
  it('retries a 429 after Retry-After', async () => {
    const limited: ScriptedReply = { status: 429, headers: { 'retry-after': '2' }, body: { message: 'Rate limit exceeded' } };
    const { client, server, time } = await setup(sequence(limited, limited, SUCCESS));
    await client.campaigns.triggerSend(TRIGGER);
    expect(server.requests).toHaveLength(3);
    expect(time.sleeps).toEqual([2_000, 2_000]);
  });

  it('retries a 429 without Retry-After at X-RateLimit-Reset', async () => {
    const script: Script = (_request, attempt) => {
      if (attempt > 1) return SUCCESS;
      return { status: 429, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(FAKE_START_MS / 1000 + 3) }, body: {} };
    };
    const { client, server, time } = await setup(script);
    await client.campaigns.triggerSend(TRIGGER);
    expect(server.requests).toHaveLength(2);
    expect(time.sleeps).toEqual([3_000]);
  });

  it('gives up on a 429 with RateLimitedError after maxRetries, keeping the response', async () => {
    const { client, server } = await setup(sequence({ status: 429, headers: { 'retry-after': '1' }, body: { message: 'Rate limit exceeded' } }));
    const error = await client.campaigns.triggerSend(TRIGGER).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ retryAfterSeconds: 1, response: { status: 429, body: { message: 'Rate limit exceeded' } } });
    expect(server.requests).toHaveLength(4);
  });

  it('does not wait for a Retry-After over the cap or past the deadline', async () => {
    const { client, server } = await setup(sequence({ status: 429, headers: { 'retry-after': '3600' }, body: {} }));
    await expect(client.campaigns.triggerSend(TRIGGER)).rejects.toBeInstanceOf(RateLimitedError);
    expect(server.requests).toHaveLength(1);
    const short = await setup(sequence({ status: 429, headers: { 'retry-after': '2' }, body: {} }), { retry: { deadlineMs: 1_000 } });
    await expect(short.client.campaigns.triggerSend(TRIGGER)).rejects.toBeInstanceOf(RateLimitedError);
    expect(short.server.requests).toHaveLength(1);
  });

  it.each([502, 503])('retries %i with jittered exponential backoff', async (status) => {
    const { client, server, time } = await setup(sequence({ status, body: '<html>gateway</html>' }, { status, body: '' }, SUCCESS), { retry: { baseDelayMs: 100 } });
    await client.campaigns.triggerSend(TRIGGER);
    expect(server.requests).toHaveLength(3);
    expect(time.sleeps).toEqual([50, 100]);
  });

  it('stops after maxRetries retries', async () => {
    const { client, server } = await setup(sequence({ status: 503, body: {} }), { retry: { maxRetries: 2 } });
    await expect(client.campaigns.triggerSend(TRIGGER)).rejects.toMatchObject({ name: 'ServerError', httpStatus: 503 });
    expect(server.requests).toHaveLength(3);
  });

  it.each([
    [400, { message: 'Campaign does not exist', errors: ['Campaign does not exist'] }, ValidationError],
    [401, { message: 'Invalid API key' }, AuthError],
    [403, { message: 'Access Denied: this API key lacks the campaigns.trigger.send permission' }, PermissionError],
    [500, '<html>oops</html>', ServerError],
    [504, '', ServerError],
  ])('does not retry %i by default', async (status, body, type) => {
    const { client, server } = await setup(sequence({ status, body }));
    const error = await client.campaigns.triggerSend(TRIGGER).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ httpStatus: status, response: { status, body } });
    expect(server.requests).toHaveLength(1);
  });

  it('keeps the server message and errors of a 400', async () => {
    const { client } = await setup(sequence({ status: 400, body: { message: 'Campaign does not exist', errors: ['Campaign does not exist'] } }));
    await expect(client.campaigns.triggerSend(TRIGGER)).rejects.toMatchObject({ code: 'campaign_not_found', message: 'Campaign does not exist', errors: ['Campaign does not exist'] });
  });

  it.each([500, 504])('retries %i when the caller accepts duplicate risk', async (status) => {
    const { client, server } = await setup(sequence({ status, body: {} }, SUCCESS), { retry: { riskDuplicates: { statuses: [status] } } });
    await client.campaigns.triggerSend(TRIGGER);
    expect(server.requests).toHaveLength(2);
  });

  it('retries a refused connection (nothing was sent)', async () => {
    const attempts: number[] = [];
    const time = fakeTime();
    const client = new TriggerKitClient({
      baseUrl: await closedPortUrl(),
      apiKey: 'k',
      ...time,
      hooks: { onRequest: (event) => void attempts.push(event.attempt) },
    });
    const error = await client.campaigns.triggerSend(TRIGGER).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ beforeSend: true, message: expect.stringContaining('ECONNREFUSED') });
    expect(attempts).toEqual([1, 2, 3, 4]);
  });

  it('does not retry a connection reset after the request was sent, unless asked', async () => {
    const { client, server } = await setup(sequence({ status: 201, resetAfterHeaders: true }, SUCCESS));
    const error = await client.campaigns.triggerSend(TRIGGER).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ beforeSend: false });
    expect(server.requests).toHaveLength(1);

    const opted = await setup(sequence({ status: 201, resetAfterHeaders: true }, SUCCESS), { retry: { riskDuplicates: { connectionLost: true } } });
    await expect(opted.client.campaigns.triggerSend(TRIGGER)).resolves.toMatchObject({ dispatch_id: 'd-1' });
    expect(opted.server.requests).toHaveLength(2);
  });

  it('times out without retrying, unless asked', async () => {
    const { client, server } = await setup(sequence({ ...SUCCESS, delayMs: 1_000 }), { timeoutMs: 50 });
    const error = await client.campaigns.triggerSend(TRIGGER).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 50 });
    expect(server.requests).toHaveLength(1);

    const opted = await setup(sequence({ ...SUCCESS, delayMs: 1_000 }, SUCCESS), { timeoutMs: 50, retry: { riskDuplicates: true } });
    await expect(opted.client.campaigns.triggerSend(TRIGGER)).resolves.toMatchObject({ dispatch_id: 'd-1' });
    expect(opted.server.requests).toHaveLength(2);
  });

  it('aborts with the caller signal, and sends nothing when it is already aborted', async () => {
    const { client, server } = await setup(sequence({ ...SUCCESS, delayMs: 1_000 }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    await expect(client.campaigns.triggerSend(TRIGGER, { signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    await expect(client.campaigns.triggerSend(TRIGGER, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    expect(server.requests).toHaveLength(1);
  });

  it('aborts a retry wait', async () => {
    server = await startScriptedServer(sequence({ status: 429, headers: { 'retry-after': '30' }, body: {} }));
    const client = new TriggerKitClient({ baseUrl: server.url, apiKey: 'k' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(client.campaigns.triggerSend(TRIGGER, { signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    expect(server.requests).toHaveLength(1);
  });
});

describe('TriggerKitClient response bodies', () => {
  it.each([
    ['empty', ''],
    ['HTML', '<html><body>Bad gateway</body></html>'],
    ['truncated JSON', '{"dispatch_id": "d-'],
    ['JSON of the wrong shape', { message: 'success' }],
  ])('a 2xx with a %s body is a ServerError carrying it, not a parse error', async (_name, body) => {
    const { client, server } = await setup(sequence({ status: 201, body }));
    const error = await client.campaigns.triggerSend(TRIGGER).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ httpStatus: 201, response: { body } });
    expect(server.requests).toHaveLength(1);
  });

  it('keeps a truncated error body as text', async () => {
    const { client } = await setup(sequence({ status: 400, body: '{"message": "Bad Req' }));
    await expect(client.campaigns.triggerSend(TRIGGER)).rejects.toMatchObject({ name: 'ValidationError', message: 'Bad Request', response: { body: '{"message": "Bad Req' } });
  });
});

describe('TriggerKitClient rate-limit awareness (spec 5)', () => {
  const spent = (resetInSeconds: number): Script => () => ({
    ...SUCCESS,
    headers: { 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(FAKE_START_MS / 1000 + resetInSeconds) },
  });

  it('waits for the window to reset instead of sending into a certain 429', async () => {
    const { client, server, time } = await setup(spent(5));
    await client.campaigns.triggerSend(TRIGGER);
    expect(client.rateLimits().trigger).toMatchObject({ limit: 10, remaining: 0 });
    await client.campaigns.triggerSend(TRIGGER);
    expect(time.sleeps).toEqual([5_000]);
    expect(server.requests).toHaveLength(2);
  });

  it('tracks each class on its own', async () => {
    const { client, server, time } = await setup(spent(5));
    await client.campaigns.triggerSend(TRIGGER);
    server.requests.length = 0;
    await client.campaigns.triggerSend({ campaign_id: 'c-1', broadcast: true });
    expect(time.sleeps).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('fails at once with RateLimitedError when the reset is further than the cap', async () => {
    const { client, server } = await setup(spent(3_600));
    await client.campaigns.triggerSend(TRIGGER);
    const error = await client.campaigns.triggerSend(TRIGGER).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBe(3_600);
    expect(server.requests).toHaveLength(1);
  });
});

describe('TriggerKitClient types', () => {
  it('accepts exactly one of instance and baseUrl, and only known instances', () => {
    const build = (options: TriggerKitClientOptions) => () => new TriggerKitClient(options);
    expect(build({ apiKey: 'k', instance: 'EU-01' })).not.toThrow();
    expect(build({ apiKey: 'k', baseUrl: 'http://127.0.0.1:1' })).not.toThrow();
    // @ts-expect-error both targets
    expect(build({ apiKey: 'k', instance: 'EU-01', baseUrl: 'http://127.0.0.1:1' })).toThrow();
    // @ts-expect-error unknown instance
    expect(build({ apiKey: 'k', instance: 'EU-09' })).toThrow();
    // @ts-expect-error no target
    expect(build({ apiKey: 'k' })).toThrow();
  });
});

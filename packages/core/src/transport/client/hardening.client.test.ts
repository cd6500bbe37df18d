import { afterEach, describe, expect, it, vi } from 'vitest';
import { AbortError, RateLimitedError, ServerError, TimeoutError } from '../../errors';
import { type FetchFunction } from './fetch-attempt.client';
import { readRateLimitHeaders, readRetryAfterMs } from './rate-limit-headers.client';
import { type ClientRequestEvent } from './client-hooks.types';
import { FAKE_START_MS, fakeTime, type ScriptedServer, startScriptedServer } from './scripted-server.fixture';
import { sleep } from './sleep.client';
import { TriggerKitClient, type TriggerKitClientOptions } from './triggerkit.client';

const SUCCESS_BODY = { dispatch_id: 'd-1', message: 'success' };
const TRIGGER = { campaign_id: 'c-1', recipients: [{ external_user_id: 'u-1' }] };

let server: ScriptedServer | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await server?.close();
  server = undefined;
});

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

function clientWith(fetch: FetchFunction, options: Partial<TriggerKitClientOptions> = {}) {
  const time = fakeTime();
  const client = new TriggerKitClient({ baseUrl: 'http://127.0.0.1:9', apiKey: 'key-1', fetch, sleep: time.sleep, now: time.now, random: time.random, ...options } as TriggerKitClientOptions);
  return { client, time };
}

describe('Retry-After and X-RateLimit-* parsing (RFC 9110, spec 5)', () => {
  it('reads delay-seconds and HTTP-dates only; anything else is unreadable', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(readRetryAfterMs({ 'retry-after': '2' }, now)).toBe(2_000);
    expect(readRetryAfterMs({ 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }, now)).toBe(3_000);
    // Date.parse is lenient: these are not HTTP-dates and must not become waits of years or zero.
    for (const value of ['soon, maybe 2030', 'in 2030', '-1', '0x10', '1e3', 'Infinity', '']) {
      expect(readRetryAfterMs({ 'retry-after': value }, now), value).toBeUndefined();
    }
  });

  it('ignores values too large to be a time instead of producing Infinity or an invalid Date', () => {
    expect(readRetryAfterMs({ 'retry-after': '1' + '0'.repeat(308) }, 0)).toBeUndefined();
    expect(readRetryAfterMs({ 'retry-after': String(9e12) }, 0)).toBeUndefined();
    expect(readRateLimitHeaders({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' + '0'.repeat(308) }).resetAtMs).toBeUndefined();
    expect(readRateLimitHeaders({ 'x-ratelimit-remaining': '0x10', 'x-ratelimit-reset': '1e3' })).toMatchObject({ remaining: undefined, resetAtMs: undefined });
  });

  it('a 429 with a huge Retry-After neither blocks the client forever nor yields an invalid Date', async () => {
    let calls = 0;
    const { client } = clientWith(async () => {
      calls += 1;
      return calls === 1 ? json(429, { message: 'Rate limit exceeded' }, { 'retry-after': '1' + '0'.repeat(308) }) : json(201, SUCCESS_BODY);
    });
    const first = await client.campaigns.triggerSend(TRIGGER, {}).catch((e: unknown) => e);
    // Unreadable wait: a jittered backoff retry, which succeeds.
    expect(first).toEqual(SUCCESS_BODY);
    for (const window of Object.values(client.rateLimits())) expect(Number.isNaN(window.resetAt.getTime())).toBe(false);
    await expect(client.campaigns.triggerSend(TRIGGER)).resolves.toEqual(SUCCESS_BODY);
  });
});

describe('long waits and timeouts (timers hold at most 2^31 - 1 ms)', () => {
  it('sleep waits the whole of a wait longer than a timer can hold', async () => {
    vi.useFakeTimers();
    let done = false;
    void sleep(2 ** 31 + 10).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(2 ** 31 - 1);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(11);
    expect(done).toBe(true);
  });

  it('sleep over a timer limit still aborts with the signal', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const waiting = sleep(2 ** 32, controller.signal);
    await vi.advanceTimersByTimeAsync(2 ** 31);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortError);
  });

  it('rejects a timeoutMs a timer cannot hold (it would fire at once)', () => {
    expect(() => new TriggerKitClient({ instance: 'US-01', apiKey: 'k', timeoutMs: 2 ** 31 })).toThrow(/timeoutMs/);
    expect(() => new TriggerKitClient({ instance: 'US-01', apiKey: 'k', timeoutMs: 2 ** 31 - 1 })).not.toThrow();
  });

  it('times out even when a custom fetch ignores the signal', async () => {
    const never: FetchFunction = () => new Promise<Response>(() => undefined);
    const { client } = clientWith(never, { timeoutMs: 30 });
    await expect(client.campaigns.triggerSend(TRIGGER)).rejects.toBeInstanceOf(TimeoutError);
  });

  it('times out a body that never ends even when a custom fetch ignores the signal', async () => {
    const stalled: FetchFunction = async () => new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('{"dispatch')) }), { status: 201 });
    const { client } = clientWith(stalled, { timeoutMs: 30 });
    await expect(client.campaigns.triggerSend(TRIGGER)).rejects.toBeInstanceOf(TimeoutError);
  });

  it('aborts with the caller signal even when a custom fetch ignores it', async () => {
    const never: FetchFunction = () => new Promise<Response>(() => undefined);
    const { client } = clientWith(never);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    await expect(client.campaigns.triggerSend(TRIGGER, { signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
  });
});

describe('the API key never leaks', () => {
  it('refuses a key that cannot be a header value, without echoing it', () => {
    for (const apiKey of ['sec\nret', 'sec ret', 'sécret', 'sec\u0000ret', 'key€']) {
      const make = () => new TriggerKitClient({ instance: 'US-01', apiKey });
      expect(make).toThrow(/apiKey/);
      expect(() => make()).not.toThrow(new RegExp(apiKey.replace(/[^a-z]/g, '.')));
    }
  });

  it('trims surrounding whitespace (a key read from a file) for both Bearer and body auth', async () => {
    const seen: RequestInit[] = [];
    const fetch: FetchFunction = async (_url, init) => (seen.push(init), json(201, SUCCESS_BODY));
    await clientWith(fetch, { apiKey: '  key-1\n' }).client.campaigns.triggerSend(TRIGGER);
    await clientWith(fetch, { apiKey: 'key-1\n', legacyBodyAuth: true }).client.campaigns.triggerSend(TRIGGER);
    expect((seen[0]?.headers as Record<string, string>).authorization).toBe('Bearer key-1');
    expect(JSON.parse(String(seen[1]?.body))).toMatchObject({ api_key: 'key-1' });
  });

  it('onRequest never sees an api_key the caller left in the body', async () => {
    const events: ClientRequestEvent[] = [];
    const { client } = clientWith(async () => json(201, SUCCESS_BODY), { hooks: { onRequest: (event) => void events.push(event) } });
    await client.campaigns.triggerSend({ ...TRIGGER, api_key: 'old-key' } as typeof TRIGGER);
    expect(JSON.stringify(events)).not.toContain('old-key');
    expect(events[0]?.body).toEqual(TRIGGER);
  });

  it('does not follow redirects (a 307/308 would re-post a legacy body api_key to another origin)', async () => {
    server = await startScriptedServer(() => ({ status: 308, headers: { location: 'http://127.0.0.2:9/elsewhere' }, body: '' }));
    const client = new TriggerKitClient({ baseUrl: server.url, apiKey: 'key-1', legacyBodyAuth: true });
    const error = await client.campaigns.triggerSend(TRIGGER).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ httpStatus: 308, response: { headers: { location: 'http://127.0.0.2:9/elsewhere' } } });
    expect(server.requests).toHaveLength(1);
  });
});

describe('hooks cannot change what happened on the wire', () => {
  it('a throwing onResponse does not turn a delivered send into a failure', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const { client } = clientWith(async () => json(201, SUCCESS_BODY), {
        hooks: {
          onResponse: () => {
            throw new Error('logger down');
          },
        },
      });
      await expect(client.campaigns.triggerSend(TRIGGER)).resolves.toEqual(SUCCESS_BODY);
      const { dispatches, failures } = await client.createAndSend({ campaign_id: 'c-1', recipients: [{ external_user_id: 'u-1', attributes: { plan: 'pro' } }] });
      expect([dispatches.length, failures.length]).toEqual([1, 0]);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/onResponse hook threw: logger down/), expect.objectContaining({ code: 'TRIGGERKIT_HOOK_ERROR' }));
    } finally {
      warn.mockRestore();
    }
  });

  it('a rejecting onResponse does not replace a retryable 503 (the retry still happens)', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      let calls = 0;
      const { client } = clientWith(async () => (++calls === 1 ? json(503, { message: 'busy' }) : json(201, SUCCESS_BODY)), {
        hooks: { onResponse: () => Promise.reject(new Error('logger down')) },
      });
      await expect(client.campaigns.triggerSend(TRIGGER)).resolves.toEqual(SUCCESS_BODY);
      expect(calls).toBe(2);
    } finally {
      warn.mockRestore();
    }
  });

  it('a throwing onRequest stops the call before anything is sent', async () => {
    let calls = 0;
    const { client } = clientWith(async () => (calls++, json(201, SUCCESS_BODY)), {
      hooks: {
        onRequest: () => {
          throw new Error('veto');
        },
      },
    });
    await expect(client.campaigns.triggerSend(TRIGGER)).rejects.toThrow('veto');
    expect(calls).toBe(0);
  });
});

describe('rate-limit windows stay readable', () => {
  it('a local block reports a valid reset time', async () => {
    const { client } = clientWith(async () => json(201, SUCCESS_BODY, { 'x-ratelimit-limit': '1', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(FAKE_START_MS / 1000 + 3_600) }));
    await client.campaigns.triggerSend(TRIGGER);
    const error = await client.campaigns.triggerSend(TRIGGER).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).resetAt?.getTime()).toBe(FAKE_START_MS + 3_600_000);
  });
});

describe('bad input never escapes as a raw TypeError or a synchronous throw', () => {
  it('refuses a baseUrl with credentials at construction, without echoing them (fetch would quote the URL in every error)', () => {
    const make = () => new TriggerKitClient({ baseUrl: 'https://user:s3cret@proxy.example/braze', apiKey: 'k' });
    expect(make).toThrow(/credentials/);
    expect(make).not.toThrow(/s3cret/);
  });

  it('createAndSend rejects (never throws synchronously) on a bad maxConcurrency or a non-object request', async () => {
    const { client } = clientWith(async () => json(201, SUCCESS_BODY));
    const request = { campaign_id: 'c-1', recipients: [{ external_user_id: 'u-1', attributes: { plan: 'pro' } }] };
    let pending: Promise<unknown> | undefined;
    expect(() => (pending = client.createAndSend(request, { maxConcurrency: 0 }))).not.toThrow();
    await expect(pending).rejects.toThrow(/maxConcurrency/);
    const notAnObject = null as unknown as typeof request;
    expect(() => (pending = client.updateAndSend(notAnObject))).not.toThrow();
    await expect(pending).rejects.toMatchObject({ name: 'ValidationError', message: 'Bad Request: body must be a JSON object' });
  });

  it('a body JSON cannot represent, sent with validate: false, is a ValidationError rather than a TypeError', async () => {
    let calls = 0;
    const { client } = clientWith(async () => (calls++, json(201, SUCCESS_BODY)));
    const nothing = undefined as unknown as typeof TRIGGER;
    await expect(client.campaigns.triggerSend(nothing, { validate: false })).rejects.toMatchObject({ name: 'ValidationError', code: 'invalid_body' });
    expect(calls).toBe(0);
  });
});

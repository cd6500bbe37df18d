import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AbortError, AuthError, NetworkError, RateLimitedError, ServerError, TimeoutError, ValidationError } from '../../errors';
import { backoffDelayMs, isRetryable, resolveRetryPolicy, retryDelayMs } from './retry-policy.client';

const safe = resolveRetryPolicy(undefined);
const risky = resolveRetryPolicy({ riskDuplicates: true });
const clock = (nowMs = 0, elapsedMs = 0) => ({ nowMs, elapsedMs, random: () => 0.5 });
const rateLimited = (headers: Record<string, string>) =>
  new RateLimitedError(undefined, undefined, { response: { status: 429, headers, body: {} } });

describe('isRetryable', () => {
  it.each([
    ['429', rateLimited({}), true, true],
    ['502', new ServerError(502, 'Bad Gateway'), true, true],
    ['503', new ServerError(503, 'Unavailable'), true, true],
    ['refused before sending', new NetworkError('refused', true), true, true],
    ['500', new ServerError(500, 'boom'), false, true],
    ['504', new ServerError(504, 'gateway timeout'), false, true],
    ['timeout', new TimeoutError(10), false, true],
    ['reset after sending', new NetworkError('reset', false), false, true],
    ['501', new ServerError(501, 'no'), false, false],
    ['400', new ValidationError('bad_request', 'Bad Request', []), false, false],
    ['401', new AuthError(), false, false],
    ['abort', new AbortError(), false, false],
  ])('%s: safe policy %s, riskDuplicates %s', (_name, error, bySafe, byRisky) => {
    expect(isRetryable(error, safe)).toBe(bySafe);
    expect(isRetryable(error, risky)).toBe(byRisky);
  });

  it('retries only the listed statuses and risks', () => {
    const only500 = resolveRetryPolicy({ riskDuplicates: { statuses: [500] } });
    expect(isRetryable(new ServerError(500, 'x'), only500)).toBe(true);
    expect(isRetryable(new ServerError(504, 'x'), only500)).toBe(false);
    expect(isRetryable(new TimeoutError(5), only500)).toBe(false);
    expect(isRetryable(new TimeoutError(5), resolveRetryPolicy({ riskDuplicates: { timeouts: true } }))).toBe(true);
    expect(isRetryable(new NetworkError('x', false), resolveRetryPolicy({ riskDuplicates: { connectionLost: true } }))).toBe(true);
  });
});

describe('resolveRetryPolicy', () => {
  it('rejects non-5xx statuses and negative numbers', () => {
    expect(() => resolveRetryPolicy({ riskDuplicates: { statuses: [409] } })).toThrow(/5xx statuses only/);
    expect(() => resolveRetryPolicy({ maxRetries: -1 })).toThrow(/non-negative integer/);
    expect(() => resolveRetryPolicy({ deadlineMs: 1.5 })).toThrow(/non-negative integer/);
  });

  it('`false` disables retries', () => {
    expect(retryDelayMs(new ServerError(503, 'x'), 0, resolveRetryPolicy(false), clock())).toBeUndefined();
  });
});

describe('backoffDelayMs', () => {
  it('is full jitter under a doubling, capped ceiling', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (retryIndex, r) => {
        const policy = resolveRetryPolicy({ baseDelayMs: 100, maxDelayMs: 5_000 });
        const delay = backoffDelayMs(retryIndex, policy, () => r);
        const ceiling = Math.min(5_000, 100 * 2 ** retryIndex);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(Math.max(ceiling, 1));
        expect(delay).toBe(Math.floor(r * ceiling));
      }),
    );
  });
});

describe('retryDelayMs', () => {
  it('waits Retry-After on a 429', () => {
    expect(retryDelayMs(rateLimited({ 'retry-after': '2' }), 0, safe, clock())).toBe(2_000);
  });

  it('waits until X-RateLimit-Reset when there is no Retry-After', () => {
    expect(retryDelayMs(rateLimited({ 'x-ratelimit-reset': '100' }), 0, safe, clock(97_500))).toBe(2_500);
  });

  it('reads an HTTP-date Retry-After', () => {
    const nowMs = Date.parse('2026-01-01T00:00:00Z');
    expect(retryDelayMs(rateLimited({ 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }), 0, safe, clock(nowMs))).toBe(3_000);
  });

  it('backs off with jitter on a 429 without headers', () => {
    expect(retryDelayMs(rateLimited({}), 1, safe, clock())).toBe(Math.floor(0.5 * 500));
  });

  it('gives up when the rate-limit wait is over its cap', () => {
    expect(retryDelayMs(rateLimited({ 'retry-after': '61' }), 0, safe, clock())).toBeUndefined();
    expect(retryDelayMs(rateLimited({ 'retry-after': '61' }), 0, resolveRetryPolicy({ maxRateLimitWaitMs: 61_000 }), clock())).toBe(61_000);
  });

  it('stops after maxRetries and at the deadline', () => {
    const error = new ServerError(503, 'x');
    expect(retryDelayMs(error, 2, safe, clock())).toBeDefined();
    expect(retryDelayMs(error, 3, safe, clock())).toBeUndefined();
    expect(retryDelayMs(error, 0, resolveRetryPolicy({ deadlineMs: 1_000 }), clock(0, 999))).toBeUndefined();
    expect(retryDelayMs(error, 0, resolveRetryPolicy({ deadlineMs: 1_000 }), { ...clock(0, 900), random: () => 0 })).toBe(0);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRateLimiter, rateLimitHeaders } from './fixed-window.rate-limiter';

const perMinute = (limit: number) => ({ limit, windowSeconds: 60 });
const T0 = 1_700_000_040_000; // an exact multiple of 60 s since the epoch

describe('createRateLimiter', () => {
  it('allows up to the limit in a window, then denies without counting', () => {
    const limiter = createRateLimiter();
    const decisions = Array.from({ length: 4 }, (_, i) => limiter.consume('acme:broadcast', perMinute(3), T0 + i * 1000));
    expect(decisions.map((d) => [d.allowed, d.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ]);
    expect(decisions[3]).toMatchObject({ limit: 3, resetEpochSeconds: T0 / 1000 + 60, retryAfterSeconds: 57 });
  });

  it('aligns windows to multiples of their length since the epoch', () => {
    const limiter = createRateLimiter();
    const rule = { limit: 1, windowSeconds: 3600 };
    const now = Date.UTC(2026, 10, 29, 21, 59, 59, 500);
    expect(limiter.consume('k', rule, now).resetEpochSeconds).toBe(Date.UTC(2026, 10, 29, 22) / 1000);
    expect(limiter.consume('k', rule, now).allowed).toBe(false);
    const next = limiter.consume('k', rule, Date.UTC(2026, 10, 29, 22));
    expect(next).toMatchObject({ allowed: true, remaining: 0, resetEpochSeconds: Date.UTC(2026, 10, 29, 23) / 1000 });
  });

  it('rounds Retry-After up to whole seconds, never below 1', () => {
    const limiter = createRateLimiter();
    limiter.consume('k', perMinute(1), T0 + 59_999);
    expect(limiter.consume('k', perMinute(1), T0 + 59_999).retryAfterSeconds).toBe(1);
    limiter.consume('j', perMinute(1), T0 + 58_500);
    expect(limiter.consume('j', perMinute(1), T0 + 58_500).retryAfterSeconds).toBe(2);
  });

  it('keeps keys apart', () => {
    const limiter = createRateLimiter();
    expect(limiter.consume('acme:trigger', perMinute(1), T0).allowed).toBe(true);
    expect(limiter.consume('globex:trigger', perMinute(1), T0).allowed).toBe(true);
    expect(limiter.consume('acme:trigger', perMinute(1), T0).allowed).toBe(false);
  });

  it('counts a cost of several units, and denies a cost that does not fit', () => {
    const limiter = createRateLimiter();
    expect(limiter.consume('k', perMinute(5), T0, 3)).toMatchObject({ allowed: true, remaining: 2 });
    expect(limiter.consume('k', perMinute(5), T0, 3)).toMatchObject({ allowed: false, remaining: 2 });
    expect(limiter.consume('k', perMinute(5), T0, 2)).toMatchObject({ allowed: true, remaining: 0 });
  });

  it('never allows more than the limit in any window', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 10 }), fc.array(fc.integer({ min: 0, max: 40_000 }), { maxLength: 60 }), (limit, windowSeconds, offsets) => {
        const limiter = createRateLimiter();
        const allowedPerWindow = new Map<number, number>();
        let now = T0;
        for (const offset of offsets) {
          now += offset;
          const decision = limiter.consume('k', { limit, windowSeconds }, now);
          if (decision.allowed) allowedPerWindow.set(decision.resetEpochSeconds, (allowedPerWindow.get(decision.resetEpochSeconds) ?? 0) + 1);
          expect(decision.resetEpochSeconds % windowSeconds).toBe(0);
          expect(decision.resetEpochSeconds * 1000).toBeGreaterThan(now);
          expect(decision.remaining).toBeGreaterThanOrEqual(0);
        }
        for (const count of allowedPerWindow.values()) expect(count).toBeLessThanOrEqual(limit);
      }),
    );
  });

  it('drops expired windows so memory stays bounded', () => {
    const limiter = createRateLimiter();
    for (let i = 0; i < 1000; i++) limiter.consume(`user-${i}`, perMinute(10), T0);
    expect(limiter.size()).toBe(1000);
    limiter.consume('late', perMinute(10), T0 + 60_000);
    expect(limiter.size()).toBe(1);
  });

  it('resets counters by key prefix', () => {
    const limiter = createRateLimiter();
    limiter.consume('acme:trigger', perMinute(1), T0);
    limiter.consume('globex:trigger', perMinute(1), T0);
    limiter.reset('acme:');
    expect(limiter.consume('acme:trigger', perMinute(1), T0).allowed).toBe(true);
    expect(limiter.consume('globex:trigger', perMinute(1), T0).allowed).toBe(false);
    limiter.reset();
    expect(limiter.size()).toBe(0);
  });

  it('rejects nonsensical rules, times and costs', () => {
    const limiter = createRateLimiter();
    expect(() => limiter.consume('k', { limit: -1, windowSeconds: 60 }, T0)).toThrow(RangeError);
    expect(() => limiter.consume('k', { limit: 1, windowSeconds: 0 }, T0)).toThrow(RangeError);
    expect(() => limiter.consume('k', { limit: 1, windowSeconds: 1.5 }, T0)).toThrow(RangeError);
    expect(() => limiter.consume('k', perMinute(1), Number.NaN)).toThrow(RangeError);
    expect(() => limiter.consume('k', perMinute(1), T0, 0)).toThrow(RangeError);
  });
});

describe('rateLimitHeaders', () => {
  it('carries limit, remaining and reset on every decision', () => {
    expect(rateLimitHeaders({ allowed: true, limit: 250, remaining: 249, resetEpochSeconds: 1_700_000_100, retryAfterSeconds: 0 })).toEqual({
      'x-ratelimit-limit': '250',
      'x-ratelimit-remaining': '249',
      'x-ratelimit-reset': '1700000100',
    });
  });

  it('adds Retry-After when denied', () => {
    expect(rateLimitHeaders({ allowed: false, limit: 1, remaining: 0, resetEpochSeconds: 1_700_000_100, retryAfterSeconds: 7 })).toEqual({
      'x-ratelimit-limit': '1',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': '1700000100',
      'retry-after': '7',
    });
  });
});

describe('peek', () => {
  const rule = { limit: 3, windowSeconds: 60 };

  it('reports the current window without counting', () => {
    const limiter = createRateLimiter();
    limiter.consume('k', rule, 61_000);
    const seen = limiter.peek('k', rule, 62_000);
    expect(seen).toEqual({ allowed: true, limit: 3, remaining: 2, resetEpochSeconds: 120, retryAfterSeconds: 0 });
    expect(limiter.peek('k', rule, 62_000).remaining).toBe(2);
    expect(limiter.consume('k', rule, 62_000).remaining).toBe(1);
  });

  it('shows a fresh window for an unknown key and a spent one as remaining 0', () => {
    const limiter = createRateLimiter();
    expect(limiter.peek('new', rule, 0).remaining).toBe(3);
    for (let i = 0; i < 4; i += 1) limiter.consume('k', rule, 1_000);
    expect(limiter.peek('k', rule, 1_000)).toMatchObject({ remaining: 0, resetEpochSeconds: 60 });
  });
});

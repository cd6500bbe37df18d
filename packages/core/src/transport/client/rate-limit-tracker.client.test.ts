import { describe, expect, it } from 'vitest';
import { readRateLimitHeaders } from './rate-limit-headers.client';
import { RateLimitTracker } from './rate-limit-tracker.client';

const window = (remaining: number, resetAtMs: number) => ({ limit: 10, remaining, resetAtMs });

describe('RateLimitTracker', () => {
  it('lets requests through when nothing is known', () => {
    expect(new RateLimitTracker().reserve('trigger', 0)).toBe(0);
  });

  it('spends the known budget, then asks to wait until the reset', () => {
    const tracker = new RateLimitTracker();
    tracker.record('trigger', window(2, 10_000));
    expect(tracker.reserve('trigger', 1_000)).toBe(0);
    expect(tracker.reserve('trigger', 1_000)).toBe(0);
    expect(tracker.reserve('trigger', 1_000)).toBe(9_000);
    expect(tracker.reserve('trigger', 10_000)).toBe(0);
  });

  it('keeps classes apart', () => {
    const tracker = new RateLimitTracker();
    tracker.record('broadcast', window(0, 60_000));
    expect(tracker.reserve('broadcast', 0)).toBe(60_000);
    expect(tracker.reserve('trigger', 0)).toBe(0);
    expect(tracker.reserve('users_track', 0)).toBe(0);
  });

  // Spec 5, Rev 2: a broadcast's headers describe its own audience's window (or the class's, whichever is narrower).
  it('keeps unique audiences apart, and lists only class windows', () => {
    const tracker = new RateLimitTracker();
    tracker.record('broadcast:campaign:"c":{"a":1}', window(0, 60_000), 0);
    expect(tracker.reserve('broadcast:campaign:"c":{"a":1}', 0)).toBe(60_000);
    expect(tracker.reserve('broadcast:campaign:"c":{"a":2}', 0)).toBe(0);
    tracker.record('trigger', window(3, 60_000), 0);
    expect(Object.keys(tracker.snapshot(0))).toEqual(['trigger']);
  });

  it('drops expired windows once it knows many, so many audiences cannot grow it without bound', () => {
    const tracker = new RateLimitTracker();
    for (let i = 0; i < 200; i += 1) tracker.record(`broadcast:${i}`, window(1, 1_000 + i * 1_000), i * 1_000);
    // each new window swept the expired ones: only those still open at the last record remain
    expect([...Array.from({ length: 200 }, (_, i) => tracker.reserve(`broadcast:${i}`, 199_000))].filter((wait) => wait > 0)).toEqual([]);
  });

  it('takes the lower count within a window and ignores responses from an older one', () => {
    const tracker = new RateLimitTracker();
    tracker.record('users_track', window(5, 3_000));
    tracker.record('users_track', window(7, 3_000));
    expect(tracker.snapshot(0).users_track?.remaining).toBe(5);
    tracker.record('users_track', window(9, 6_000));
    expect(tracker.snapshot(0).users_track?.remaining).toBe(9);
    tracker.record('users_track', window(0, 3_000));
    expect(tracker.snapshot(0).users_track?.remaining).toBe(9);
  });

  it('ignores responses without rate-limit headers', () => {
    const tracker = new RateLimitTracker();
    tracker.record('trigger', readRateLimitHeaders({}));
    expect(tracker.snapshot(0)).toEqual({});
  });
});

describe('readRateLimitHeaders', () => {
  it('reads the headers, the reset as epoch seconds', () => {
    expect(readRateLimitHeaders({ 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '3', 'x-ratelimit-reset': '1767225610' })).toEqual({
      limit: 100,
      remaining: 3,
      resetAtMs: 1_767_225_610_000,
    });
  });

  it('ignores malformed values', () => {
    expect(readRateLimitHeaders({ 'x-ratelimit-remaining': 'lots', 'x-ratelimit-reset': '-1' })).toEqual({
      limit: undefined,
      remaining: undefined,
      resetAtMs: undefined,
    });
  });
});

describe('RateLimitTracker.blockUntil', () => {
  it('replaces a further reset with the Retry-After instant', () => {
    const tracker = new RateLimitTracker();
    tracker.record('trigger', window(0, 3_600_000));
    tracker.blockUntil('trigger', 1_000);
    expect(tracker.reserve('trigger', 500)).toBe(500);
    expect(tracker.reserve('trigger', 1_000)).toBe(0);
  });
});

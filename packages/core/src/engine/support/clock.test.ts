import { describe, expect, it } from 'vitest';
import { isoTime, manualClock, systemClock } from './clock';

describe('manualClock', () => {
  it('starts where told and moves only when told', () => {
    const clock = manualClock(1_000);
    expect(clock.now()).toBe(1_000);
    clock.advance(250);
    expect(clock.now()).toBe(1_250);
    clock.set(5);
    expect(clock.now()).toBe(5);
  });

  it('rejects non-finite times', () => {
    expect(() => manualClock(Number.NaN)).toThrow(RangeError);
    expect(() => manualClock().advance(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('systemClock', () => {
  it('reads the wall clock in epoch milliseconds', () => {
    const before = Date.now();
    const now = systemClock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});

describe('isoTime', () => {
  it('formats like toISOString, for the same millisecond again and for another one', () => {
    for (const ms of [0, 0, 1_767_225_600_123, 1_767_225_600_123, 1_767_225_600_124, -1]) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
  });
});

import { describe, expect, it } from 'vitest';
import { manualClock, systemClock } from './clock';

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

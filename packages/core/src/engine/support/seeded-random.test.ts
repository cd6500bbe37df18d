import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomIntInclusive, seededRandom } from './seeded-random';

const take = (seed: number, count: number): number[] => {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => random());
};

describe('seededRandom', () => {
  it('repeats the same sequence for the same seed', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        expect(take(seed, 20)).toEqual(take(seed, 20));
      }),
    );
  });

  it('gives different sequences for different seeds', () => {
    expect(take(1, 5)).not.toEqual(take(2, 5));
  });

  it('stays within [0, 1)', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        for (const value of take(seed, 50)) {
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThan(1);
        }
      }),
    );
  });

  it('rejects a non-finite seed', () => {
    expect(() => seededRandom(Number.NaN)).toThrow(RangeError);
  });
});

describe('randomIntInclusive', () => {
  it('stays within both bounds and reaches each of them', () => {
    const random = seededRandom(7);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) seen.add(randomIntInclusive(random, 3, 6));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('rejects an empty range', () => {
    expect(() => randomIntInclusive(seededRandom(1), 5, 4)).toThrow(RangeError);
  });
});

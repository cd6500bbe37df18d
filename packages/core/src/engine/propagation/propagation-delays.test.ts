import { describe, expect, it } from 'vitest';
import { randomIntInclusive, seededRandom } from '../support/seeded-random';
import { createDelayPicker } from './propagation-delays';

describe('createDelayPicker', () => {
  it('repeats a fixed delay', () => {
    const next = createDelayPicker(250, 1);
    expect([next(), next(), next()]).toEqual([250, 250, 250]);
  });

  it('draws a range from the seed, the same sequence every time', () => {
    const first = createDelayPicker([10, 1000], 7);
    const second = createDelayPicker([10, 1000], 7);
    const drawn = Array.from({ length: 20 }, () => first());
    expect(Array.from({ length: 20 }, () => second())).toEqual(drawn);
    const random = seededRandom(7);
    expect(drawn).toEqual(Array.from({ length: 20 }, () => randomIntInclusive(random, 10, 1000)));
    expect(drawn.every((delay) => delay >= 10 && delay <= 1000)).toBe(true);
  });

  it.each([[-1], [1.5], [Number.NaN], [[5, 1]], [[0, -1]]] as const)('rejects %j', (delay) => {
    expect(() => createDelayPicker(delay as number | [number, number], 1)).toThrow(RangeError);
  });
});

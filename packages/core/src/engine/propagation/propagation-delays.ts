import { randomIntInclusive, seededRandom } from '../support/seeded-random';

/** A fixed delay in milliseconds, or an inclusive `[min, max]` range drawn from the seeded PRNG. */
export type PropagationDelay = number | readonly [number, number];

/**
 * The `/users/track` propagation delays of one workspace (spec 8), one per write in request
 * order: a fixed delay, or draws from a range seeded by `random_seed`, so a run (and the race it
 * shows) can be reproduced. Throws `RangeError` for delays that are not whole non-negative milliseconds.
 *
 * @example
 * const next = createDelayPicker([10, 100], 1);
 * next(); // → the same first delay for seed 1, every run
 */
export function createDelayPicker(delayMs: PropagationDelay, seed: number): () => number {
  if (typeof delayMs === 'number') {
    checkDelay(delayMs, 'delayMs');
    return () => delayMs;
  }
  const [min, max] = delayMs;
  checkDelay(min, 'delayMs[0]');
  checkDelay(max, 'delayMs[1]');
  if (min > max) throw new RangeError(`delayMs range must have min <= max, got [${min}, ${max}]`);
  const random = seededRandom(seed);
  return () => randomIntInclusive(random, min, max);
}

function checkDelay(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer of milliseconds, got ${String(value)}`);
}

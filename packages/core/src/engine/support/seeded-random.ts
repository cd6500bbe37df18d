/** A source of uniformly distributed numbers in [0, 1). */
export type RandomSource = () => number;

/**
 * mulberry32: a tiny PRNG with a 32-bit state. Not for secrets; used where runs must be
 * reproducible from a configured seed (the mock server's propagation delays).
 */
export function seededRandom(seed: number): RandomSource {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${String(seed)}`);
  let state = Math.trunc(seed) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [min, max], both inclusive. */
export function randomIntInclusive(random: RandomSource, min: number, max: number): number {
  const low = Math.ceil(min);
  const high = Math.floor(max);
  if (!(high >= low)) throw new RangeError(`empty integer range [${min}, ${max}]`);
  return low + Math.floor(random() * (high - low + 1));
}

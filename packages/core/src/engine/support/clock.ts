/** Milliseconds since the UNIX epoch. The engine never reads `Date.now()` directly, so tests can drive time. */
export interface Clock {
  now(): number;
}

/** A clock whose time moves only when told to: for tests. */
export interface ManualClock extends Clock {
  set(epochMs: number): void;
  advance(ms: number): void;
}

export const systemClock: Clock = { now: () => Date.now() };

export function manualClock(startEpochMs = 0): ManualClock {
  let current = requireFinite(startEpochMs, 'startEpochMs');
  return {
    now: () => current,
    set: (epochMs) => {
      current = requireFinite(epochMs, 'epochMs');
    },
    advance: (ms) => {
      current += requireFinite(ms, 'ms');
    },
  };
}

function requireFinite(value: number, name: string): number {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${String(value)}`);
  return value;
}

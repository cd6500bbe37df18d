import type { ProfileLocks } from '../ports/profile-locks.port';

/**
 * In-process keyed mutex: one FIFO queue per key, forgotten when it empties (so a million
 * profiles touched once leave nothing behind).
 *
 * @example
 * const locks = createProfileLocks();
 * await locks.withLock('acme:external_user_id:"u-1"', async () => updateProfile());
 */
export function createProfileLocks(): ProfileLocks {
  const tails = new Map<string, Promise<void>>();
  return {
    async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
      const previous = tails.get(key);
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const tail = previous ? previous.then(() => held) : held;
      tails.set(key, tail);
      if (previous) await previous;
      try {
        return await fn();
      } finally {
        release();
        if (tails.get(key) === tail) tails.delete(key);
      }
    },
  };
}

import { describe, expect, it } from 'vitest';
import type { Store, StoreUnit } from '../ports/store.port';
import { createMemoryStore } from '../store/memory.store';
import { runLockedUnit } from './locked-unit.engine';

/** Counts how often each unit of a store runs. */
function countingStore(inner: Store): Store & { attempts: number } {
  const counted = Object.create(inner) as Store & { attempts: number };
  counted.attempts = 0;
  counted.unit = <T>(fn: (tx: StoreUnit) => Promise<T>) =>
    inner.unit((tx) => {
      counted.attempts += 1;
      return fn(tx);
    });
  return counted;
}

describe('runLockedUnit', () => {
  it('holds the keys known up front for the whole unit', async () => {
    const store = createMemoryStore();
    await runLockedUnit(store, ['b', 'a'], async (tx) => {
      expect(tx.holds('a') && tx.holds('b')).toBe(true);
      expect(await store.unit((other) => other.tryLock('a'))).toBe(false);
    });
    expect(await store.unit((tx) => tx.tryLock('a'))).toBe(true);
  });

  it('rolls back and runs again with a busy key known up front, then waits for it in order', async () => {
    const store = countingStore(createMemoryStore());
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding: () => void = () => undefined;
    const isHolding = new Promise<void>((resolve) => (holding = resolve));
    const holder = store.unit(async (tx) => {
      await tx.lock(['profile']);
      holding();
      await held;
    });
    await isHolding;
    const writes: string[] = [];
    const worker = runLockedUnit(store, ['reference'], async (tx, locks) => {
      writes.push('attempt');
      // The first attempt cannot have it (another unit holds it): ensure abandons that attempt.
      const takenNow = await locks.ensure('profile');
      expect({ takenNow, held: tx.holds('profile') }).toEqual({ takenNow: false, held: true });
      return 'done';
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(writes).toEqual(['attempt']);
    release();
    await holder;
    await expect(worker).resolves.toBe('done');
    // One attempt that found the key busy, then one that took it up front.
    expect(writes).toEqual(['attempt', 'attempt']);
  });

  it('passes other failures through without retrying', async () => {
    const store = countingStore(createMemoryStore());
    await expect(
      runLockedUnit(store, ['k'], async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(store.attempts).toBe(1);
  });
});

import { compareLockKeys, LockOrderError } from '../ports/store.port';

/** Who holds locks: one per unit of work. */
export interface LockOwner {
  readonly held: Set<string>;
  /** The greatest key held (in `compareLockKeys` order), or undefined. */
  highest: string | undefined;
}

interface LockEntry {
  holder: LockOwner;
  /** Waiting owners in arrival order; the first gets the lock when it is released. */
  waiters: { owner: LockOwner; grant: () => void }[];
}

/**
 * The in-process lock table of the in-process stores (memory, SQLite): exclusive keyed locks held
 * by units of work until they end. Waiters of one key are served in arrival order; a key nobody
 * holds or waits for is forgotten, so a million profiles touched once leave nothing behind.
 */
export interface LockTable {
  /** A fresh owner for one unit. */
  owner(): LockOwner;
  /**
   * Takes every key (sorted, each once), waiting where another owner holds one. Refuses with
   * `LockOrderError` to wait for a key that sorts before one already held: such a wait could
   * close a cycle, and every wait being "upwards" is what makes the table deadlock-free.
   */
  acquire(owner: LockOwner, keys: readonly string[]): Promise<void>;
  /** Takes `key` if free (or already held by `owner`); never waits. */
  tryAcquire(owner: LockOwner, key: string): boolean;
  /** Releases everything `owner` holds, handing each key to its next waiter. */
  releaseAll(owner: LockOwner): void;
}

/**
 * @example
 * const locks = createLockTable();
 * const unit = locks.owner();
 * await locks.acquire(unit, ['ws:external_user_id:"u-1"']);
 * locks.releaseAll(unit);
 */
export function createLockTable(): LockTable {
  const entries = new Map<string, LockEntry>();

  const take = (owner: LockOwner, key: string): void => {
    owner.held.add(key);
    if (owner.highest === undefined || compareLockKeys(key, owner.highest) > 0) owner.highest = key;
  };

  const wait = (owner: LockOwner, key: string, entry: LockEntry): Promise<void> =>
    new Promise<void>((resolve) => {
      entry.waiters.push({ owner, grant: resolve });
    }).then(() => take(owner, key));

  return {
    owner: () => ({ held: new Set<string>(), highest: undefined }),

    async acquire(owner, keys) {
      const wanted = [...new Set(keys)].filter((key) => !owner.held.has(key)).sort(compareLockKeys);
      const first = wanted[0];
      if (first !== undefined && owner.highest !== undefined && compareLockKeys(first, owner.highest) < 0) throw new LockOrderError(first, owner.highest);
      for (const key of wanted) {
        const entry = entries.get(key);
        if (entry === undefined) {
          entries.set(key, { holder: owner, waiters: [] });
          take(owner, key);
        } else {
          await wait(owner, key, entry);
        }
      }
    },

    tryAcquire(owner, key) {
      if (owner.held.has(key)) return true;
      if (entries.has(key)) return false;
      entries.set(key, { holder: owner, waiters: [] });
      take(owner, key);
      return true;
    },

    releaseAll(owner) {
      for (const key of owner.held) {
        const entry = entries.get(key);
        if (entry === undefined || entry.holder !== owner) continue;
        const next = entry.waiters.shift();
        if (next === undefined) {
          entries.delete(key);
        } else {
          entry.holder = next.owner;
          next.grant();
        }
      }
      owner.held.clear();
      owner.highest = undefined;
    },
  };
}

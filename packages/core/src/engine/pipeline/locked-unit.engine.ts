import { StoreUnavailableError } from '../../errors';
import { recipientIdentifierKey, type RecipientIdentifiers } from '../../rules/recipients.rules';
import { compareLockKeys, type Store, type StoreUnit } from '../ports/store.port';

/** Attempts whose late keys are only tried (never waited for) before waiting in order. */
const OPTIMISTIC_ATTEMPTS = 3;
/** Each retry knows strictly more keys, so this is only reached by a store that keeps failing to grant them. */
const MAX_ATTEMPTS = 64;

/** One lock namespace per workspace; length-prefixed so no workspace name can forge another's key. */
export function profileLockKey(workspace: string, identifier: RecipientIdentifiers): string {
  return `${workspace.length}:${workspace}${recipientIdentifierKey(identifier)}`;
}

/** The key of a workspace-wide duty (`due`: processing due items; `seed`: seeding at start). */
export function workspaceLockKey(workspace: string, duty: 'due' | 'seed' | `external_send_id:${string}`): string {
  return `${workspace.length}:${workspace}#${duty}`;
}

/** Locks a unit learns it needs while it runs (a reference resolved to a profile whose key it lacks). */
export interface UnitLocks {
  /**
   * Makes sure the unit holds `key`. Resolves `true` when the key was taken just now (so what was
   * read before under other keys must be read again), `false` when it was held already. When the
   * key is busy the unit is abandoned and run again with the key known up front.
   */
  ensure(key: string): Promise<boolean>;
}

class NeedsKey extends Error {
  override readonly name = 'NeedsKey';
  constructor(readonly key: string) {
    super(`lock ${key} is busy; the unit runs again with it known up front`);
  }
}

/**
 * Runs `work` in one unit of work holding `keys` (and whatever it `ensure`s) until the unit ends.
 *
 * The algorithm, deadlock-free because no unit ever waits for a key that sorts before one it holds:
 * 1. block for every key known up front, in the canonical order (`compareLockKeys`), holding none;
 * 2. resolve references; a profile whose own key is not held is `tryLock`ed, which never waits;
 * 3. if it is busy, roll the unit back (nothing was written) and run it again from step 1 with
 *    that key known up front. Every retry knows strictly more keys, so retries are bounded;
 * 4. after a few optimistic attempts a busy key that sorts after every held key is waited for
 *    (still in order); only one that sorts before a held key sends the unit round again.
 */
export async function runLockedUnit<T>(store: Store, keys: readonly string[], work: (tx: StoreUnit, locks: UnitLocks) => Promise<T>): Promise<T> {
  const known = new Set(keys);
  for (let attempt = 1; ; attempt++) {
    try {
      return await store.unit(async (tx) => {
        await tx.lock([...known]);
        return work(tx, unitLocks(tx, known, attempt > OPTIMISTIC_ATTEMPTS));
      });
    } catch (error) {
      if (!(error instanceof NeedsKey)) throw error;
      if (attempt >= MAX_ATTEMPTS) throw new StoreUnavailableError({ cause: error });
      known.add(error.key);
    }
  }
}

function unitLocks(tx: StoreUnit, known: ReadonlySet<string>, waitInOrder: boolean): UnitLocks {
  let highest = [...known].sort(compareLockKeys).at(-1);
  const took = (key: string): true => {
    if (highest === undefined || compareLockKeys(key, highest) > 0) highest = key;
    return true;
  };
  return {
    async ensure(key) {
      if (tx.holds(key)) return false;
      if (await tx.tryLock(key)) return took(key);
      if (waitInOrder && (highest === undefined || compareLockKeys(key, highest) > 0)) {
        await tx.lock([key]);
        return took(key);
      }
      throw new NeedsKey(key);
    },
  };
}

import { StoreUnavailableError } from '../errors';
import type { Store, StoreUnit } from '../engine/ports/store.port';

/** What can be made to fail: a write inside a unit, or the commit at its end. */
export type StoreFaultKind = 'write' | 'commit';

/** A store that fails on command, for proving that a failure writes nothing and is answered honestly. */
export interface FaultyStore extends Store {
  /** The `nth` write (or commit) from now fails with `StoreUnavailableError`; `every` keeps failing each one after it too. */
  failAt(kind: StoreFaultKind, nth?: number, options?: { every?: boolean }): void;
  /** No more faults. */
  heal(): void;
  /** Faults injected so far. */
  readonly injected: number;
}

const WRITES: ReadonlySet<string> = new Set<keyof StoreUnit>([
  'saveProfile',
  'deleteProfile',
  'appendMessages',
  'saveDispatch',
  'saveSendId',
  'saveSchedule',
  'saveTransactionalSend',
  'addDueItem',
  'deleteDueItem',
  'resetWorkspace',
]);

/**
 * Wraps a real store so that the Nth write or commit fails the way a full disk would: the unit
 * rejects with `StoreUnavailableError` and the real store rolls it back. Reads and everything
 * else go to the real store untouched.
 *
 * @example
 * const store = createFaultyStore(createMemoryStore());
 * store.failAt('commit'); // the next unit's commit fails
 */
export function createFaultyStore(inner: Store): FaultyStore {
  const armed: Record<StoreFaultKind, { countdown: number; every: boolean } | undefined> = { write: undefined, commit: undefined };
  let injected = 0;

  const trip = (kind: StoreFaultKind): void => {
    const fault = armed[kind];
    if (fault === undefined) return;
    fault.countdown -= 1;
    if (fault.countdown > 0) return;
    if (!fault.every) armed[kind] = undefined;
    injected += 1;
    throw new StoreUnavailableError({ cause: new Error(`injected store failure (${kind})`) });
  };

  const wrapUnit = (tx: StoreUnit): StoreUnit =>
    new Proxy(tx, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        const method = value as (...args: unknown[]) => unknown;
        if (typeof property !== 'string' || !WRITES.has(property)) return method.bind(target);
        return async (...args: unknown[]) => {
          trip('write');
          return method.apply(target, args);
        };
      },
    });

  const store: FaultyStore = {
    get durable() {
      return inner.durable;
    },
    get injected() {
      return injected;
    },
    failAt(kind, nth = 1, options = {}) {
      armed[kind] = { countdown: nth, every: options.every === true };
    },
    heal() {
      armed.write = undefined;
      armed.commit = undefined;
    },
    unit: (fn) =>
      inner.unit(async (tx) => {
        const result = await fn(wrapUnit(tx));
        trip('commit');
        return result;
      }),
    findProfile: (...args) => inner.findProfile(...args),
    findProfilesByEmail: (...args) => inner.findProfilesByEmail(...args),
    findProfilesByPhone: (...args) => inner.findProfilesByPhone(...args),
    scanProfiles: (...args) => inner.scanProfiles(...args),
    countProfiles: (...args) => inner.countProfiles(...args),
    listMessages: (...args) => inner.listMessages(...args),
    getDispatch: (...args) => inner.getDispatch(...args),
    listSendIds: (...args) => inner.listSendIds(...args),
    getSchedule: (...args) => inner.getSchedule(...args),
    listSchedules: (...args) => inner.listSchedules(...args),
    getTransactionalSend: (...args) => inner.getTransactionalSend(...args),
    listDue: (...args) => inner.listDue(...args),
    nextDueMs: (...args) => inner.nextDueMs(...args),
    close: () => inner.close(),
  };
  return store;
}

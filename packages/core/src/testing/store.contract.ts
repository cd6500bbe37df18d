import { afterEach, beforeEach, describe } from 'vitest';
import type { Store } from '../engine/ports/store.port';
import { describeEngineContract } from './store-contract/engine.contract';
import { describeProfileContract } from './store-contract/profiles.contract';
import { describeRecordContract } from './store-contract/records.contract';
import { describeScheduleContract } from './store-contract/schedules.contract';
import { describeTransactionalSendContract } from './store-contract/transactional.contract';
import { describeUnitContract } from './store-contract/units.contract';

export { makeProfile } from './store-contract/fixtures';
export { makeSchedule } from './store-contract/schedules.contract';

/**
 * The behaviour every `Store` must have, as a vitest suite: profiles and their lookups (external
 * id, braze id, alias, email, phone), delete and paged scans; messages, dispatches, send ids and
 * due items with paging and retention; schedules and the kind order of due items; transactional sends' deduplication keys; units of work (all or nothing, invisible until committed,
 * reading their own writes) and their locks; and the engine over the store (per-profile
 * serialisation under concurrency, no deadlock, whole requests failing whole).
 *
 * @example
 * import { describeStoreContract } from '@triggerkit/core/testing';
 * describeStoreContract('sqlite', () => createSqliteStore(':memory:'));
 */
export function describeStoreContract(name: string, createStore: () => Promise<Store> | Store): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store | undefined;
    beforeEach(async () => {
      store = await createStore();
    });
    afterEach(async () => {
      await store?.close();
      store = undefined;
    });
    const current = (): Store => {
      if (store === undefined) throw new Error('no store: the contract creates one per test');
      return store;
    };
    describeProfileContract(current);
    describeRecordContract(current);
    describeScheduleContract(current);
    describeTransactionalSendContract(current);
    describeUnitContract(current);
    describeEngineContract(current);
  });
}

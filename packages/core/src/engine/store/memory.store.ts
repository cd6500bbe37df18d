import type { Store } from '../ports/store.port';
import { createInProcessStore } from './in-process.store';
import { MemoryState } from './memory.state';

/**
 * The default store: everything in process memory, indexed by `external_id`, `braze_id`, alias,
 * email and phone, with an index per message filter. Compact enough for a million profiles.
 * Units buffer their writes and apply them at commit, so a failed request leaves nothing behind.
 *
 * @example
 * const engine = createEngine({ config, store: createMemoryStore() });
 */
export function createMemoryStore(): Store {
  return createInProcessStore(new MemoryState());
}

import { isPlainObject } from '../schema/json-object.schema';

/** A profile's state in one subscription group (endpoints spec 12), as its `subscription_groups` attribute keeps it. */
export interface GroupStateEntry {
  subscription_group_id: string;
  subscription_state: 'subscribed' | 'unsubscribed';
  /** ISO-8601: when the state was last set (absent on entries stored before it was kept). */
  updated_at?: string;
}

export interface GroupStateUpdate {
  subscription_group_id: string;
  subscription_state: 'subscribed' | 'unsubscribed';
}

function isState(value: unknown): value is GroupStateEntry['subscription_state'] {
  return value === 'subscribed' || value === 'unsubscribed';
}

/**
 * Endpoints spec 12's model: one `{state, updated_at}` per group with history, kept in the
 * `subscription_groups` attribute in the order groups first got one. Each update sets its group's
 * state and time and leaves every other group alone, so a `/users/track` write naming one group
 * and `/subscription/status/set` naming another both keep the other's state (TS §7 writes the same
 * states). What is stored already is read leniently: the last entry of a group wins.
 *
 * @example
 * withGroupStates([{ subscription_group_id: 'sg-a', subscription_state: 'subscribed' }], [{ subscription_group_id: 'sg-b', subscription_state: 'unsubscribed' }], now);
 * // → [{ sg-a subscribed }, { sg-b unsubscribed, updated_at: now }]
 */
export function withGroupStates(stored: unknown, updates: readonly GroupStateUpdate[], nowIso: string): GroupStateEntry[] {
  const byGroup = new Map<string, GroupStateEntry>();
  if (Array.isArray(stored)) {
    for (const entry of stored) {
      if (!isPlainObject(entry) || typeof entry['subscription_group_id'] !== 'string' || !isState(entry['subscription_state'])) continue;
      const kept: GroupStateEntry = { subscription_group_id: entry['subscription_group_id'], subscription_state: entry['subscription_state'] };
      if (typeof entry['updated_at'] === 'string') kept.updated_at = entry['updated_at'];
      byGroup.set(kept.subscription_group_id, kept);
    }
  }
  for (const update of updates) byGroup.set(update.subscription_group_id, { subscription_group_id: update.subscription_group_id, subscription_state: update.subscription_state, updated_at: nowIso });
  return [...byGroup.values()];
}

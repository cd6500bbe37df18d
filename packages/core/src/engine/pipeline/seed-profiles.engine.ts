import { applyAttributes } from '../../rules/attributes.rules';
import type { SeedUser } from '../../schema/mock-config.schema';
import type { ProfileRecord } from '../ports/store.port';
import type { IdSource } from '../support/ids';
import { newProfileAttributes } from './profile-factory.engine';

/**
 * The config's seed users as profiles, built once at start so `reset` restores them exactly
 * (same `braze_id`s, same times). A seed user is a new profile too: its attributes go through the
 * same update rules as any write, over the same subscribed defaults (which the seed may set or `null`).
 */
export function seedProfilesFor(users: readonly SeedUser[], ids: IdSource, nowIso: string): ProfileRecord[] {
  return users.map((user) => {
    const profile: ProfileRecord = {
      braze_id: user.braze_id ?? ids.brazeId(),
      user_aliases: user.user_aliases.map((alias) => ({ alias_name: alias.alias_name, alias_label: alias.alias_label })),
      attributes: applyAttributes(newProfileAttributes(), user.attributes),
      events: {},
      purchases: {},
      created_at: nowIso,
      updated_at: nowIso,
    };
    if (user.external_id !== undefined) profile.external_id = user.external_id;
    return profile;
  });
}

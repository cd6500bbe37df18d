import { applyAttributes, createAttributeObject, NON_ATTRIBUTE_KEYS, type AttributeRecord } from '../../rules/attributes.rules';
import type { RecipientIdentifiers } from '../../rules/recipients.rules';
import { withGroupStates, type GroupStateUpdate } from '../../rules/subscription-groups.rules';
import type { ProfileRecord } from '../ports/store.port';

/** True when an attributes object carries at least one real attribute (identifier keys and flags do not count). */
export function hasAttributeUpdates(attributes: Readonly<Record<string, unknown>> | undefined): attributes is Readonly<Record<string, unknown>> {
  return attributes !== undefined && Object.keys(attributes).some((key) => !NON_ATTRIBUTE_KEYS.has(key));
}

/**
 * The attributes every new profile starts with (spec 3.3 step 7, Braze's default): subscribed to
 * email and push. Stored rather than implied, so a segment on `email_subscribe` and
 * `GET /_mock/users/{id}` see them; the creating attributes are applied on top, so their own
 * values win and `null` removes.
 */
export function newProfileAttributes(): AttributeRecord {
  const attributes = createAttributeObject();
  attributes['email_subscribe'] = 'subscribed';
  attributes['push_subscribe'] = 'subscribed';
  return attributes;
}

/**
 * A new profile for an identifier that can name a new user: an external id becomes its
 * `external_id`, an alias its first alias, an email its `email` attribute, a phone its `phone`; its attributes start
 * as `newProfileAttributes()`. A `braze_id` cannot be chosen by a caller, so it never creates
 * (returns `undefined`).
 */
export function newProfileFor(identifier: RecipientIdentifiers, brazeId: string, nowIso: string): ProfileRecord | undefined {
  if (identifier.braze_id !== undefined) return undefined;
  const profile: ProfileRecord = { braze_id: brazeId, user_aliases: [], attributes: newProfileAttributes(), events: {}, purchases: {}, created_at: nowIso, updated_at: nowIso };
  if (identifier.external_user_id !== undefined) profile.external_id = identifier.external_user_id;
  else if (identifier.user_alias !== undefined) profile.user_aliases.push({ ...identifier.user_alias });
  else if (identifier.email !== undefined) profile.attributes['email'] = identifier.email;
  else if (identifier.phone !== undefined) profile.attributes['phone'] = identifier.phone;
  else return undefined;
  return profile;
}

/**
 * The profile with `update` applied (spec 7); `updated_at` moves only when something was given.
 * A `subscription_groups` list sets the states of the groups it names and keeps the others'
 * (endpoints spec 12); `null` still removes them all.
 */
export function withAttributes(profile: ProfileRecord, update: Readonly<Record<string, unknown>>, nowIso: string): ProfileRecord {
  const attributes = applyAttributes(profile.attributes, update);
  const groups = Object.hasOwn(update, 'subscription_groups') ? update['subscription_groups'] : undefined;
  if (Array.isArray(groups)) attributes['subscription_groups'] = groupStatesValue(Object.hasOwn(profile.attributes, 'subscription_groups') ? profile.attributes['subscription_groups'] : undefined, groups as GroupStateUpdate[], nowIso);
  return { ...profile, attributes, updated_at: nowIso };
}

/** `withGroupStates` as a stored attribute value (plain JSON objects). */
function groupStatesValue(stored: unknown, updates: readonly GroupStateUpdate[], nowIso: string): AttributeRecord[] {
  return withGroupStates(stored, updates, nowIso).map((entry) => ({ ...entry }));
}

import { isPlainObject } from '../../schema/json-object.schema';
import { parseIsoTime } from '../../rules/iso-time.rules';
import type { ActivityCounter, MergedProfile, ProfileRecord } from '../ports/store.port';

/** Attributes only the kept profile's value counts for (endpoints spec 6.3: "kept from K only"). */
const KEPT_FROM_KEEP_ONLY: ReadonlySet<string> = new Set(['email_subscribe', 'push_subscribe', 'subscription_groups']);

export interface MergeOptions {
  /** `/users/merge`: F's aliases whose label K already has are dropped (endpoints spec 10). */
  dropTakenLabels: boolean;
}

/**
 * Endpoints spec 6.3, M(F into K): the profile to keep after merging `from` into it. Braze: "Braze
 * fills empty fields on the profile to keep with values from the profile to merge. If a field has a
 * value on both profiles, Braze preserves the value on the profile to keep." Events and purchases
 * add up (counts and revenue; earliest first, latest last), push tokens are K's then F's new ones,
 * F's aliases move to K, and F's message history becomes K's (`merged_profiles`). External id,
 * braze id, creation time, the global subscriptions and group states stay K's. The caller deletes F.
 *
 * @example
 * const kept = mergeProfiles(guest, member, now, { dropTakenLabels: true });
 * await tx.deleteProfile(workspace, guest.braze_id);
 * await tx.saveProfile(workspace, kept);
 */
export function mergeProfiles(from: ProfileRecord, keep: ProfileRecord, nowIso: string, options: MergeOptions): ProfileRecord {
  const attributes: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(keep.attributes)) attributes[key] = keep.attributes[key];
  for (const key of Object.keys(from.attributes)) {
    if (KEPT_FROM_KEEP_ONLY.has(key) || key === 'push_tokens') continue;
    if (!hasValue(keep.attributes, key)) attributes[key] = from.attributes[key];
  }
  const tokens = mergedTokens(keep.attributes['push_tokens'], from.attributes['push_tokens']);
  if (tokens !== undefined) attributes['push_tokens'] = tokens;
  const labels = new Set(keep.user_aliases.map((alias) => alias.alias_label));
  const moved = options.dropTakenLabels ? from.user_aliases.filter((alias) => !labels.has(alias.alias_label)) : from.user_aliases;
  const merged: MergedProfile[] = [...(keep.merged_profiles ?? []), mergedProfileOf(from), ...(from.merged_profiles ?? [])];
  return {
    ...keep,
    user_aliases: [...keep.user_aliases, ...moved.map((alias) => ({ ...alias }))],
    attributes,
    events: mergedCounters(keep.events, from.events),
    purchases: mergedCounters(keep.purchases, from.purchases),
    updated_at: nowIso,
    merged_profiles: merged,
  };
}

function mergedProfileOf(profile: ProfileRecord): MergedProfile {
  return profile.external_id === undefined ? { braze_id: profile.braze_id } : { braze_id: profile.braze_id, external_id: profile.external_id };
}

/** "No value": absent, null, or an empty string (a field Braze would show as empty). */
function hasValue(attributes: Readonly<Record<string, unknown>>, key: string): boolean {
  if (!Object.hasOwn(attributes, key)) return false;
  const value = attributes[key];
  return value !== null && value !== undefined && value !== '';
}

function tokenKey(token: unknown): string | undefined {
  if (typeof token === 'string') return token;
  return isPlainObject(token) && typeof token['token'] === 'string' ? token['token'] : undefined;
}

/** K's tokens, then F's that K does not have ("Device information"). */
function mergedTokens(keep: unknown, from: unknown): unknown[] | undefined {
  const kept = Array.isArray(keep) ? keep : [];
  const added = Array.isArray(from) ? from : [];
  if (!Array.isArray(keep) && added.length === 0) return undefined;
  const seen = new Set(kept.map(tokenKey));
  const result = [...kept];
  for (const token of added) {
    const key = tokenKey(token);
    if (key !== undefined && seen.has(key)) continue;
    seen.add(key);
    result.push(token);
  }
  return result;
}

function mergedCounters(keep: Readonly<Record<string, ActivityCounter>>, from: Readonly<Record<string, ActivityCounter>>): Record<string, ActivityCounter> {
  const result: Record<string, ActivityCounter> = Object.create(null) as Record<string, ActivityCounter>;
  for (const name of Object.keys(keep)) result[name] = { ...(keep[name] as ActivityCounter) };
  for (const name of Object.keys(from)) {
    const theirs = from[name] as ActivityCounter;
    const ours = Object.hasOwn(keep, name) ? keep[name] : undefined;
    if (ours === undefined) {
      result[name] = { ...theirs };
      continue;
    }
    const counter: ActivityCounter = {
      count: ours.count + theirs.count,
      first_time: (parseIsoTime(theirs.first_time) ?? Infinity) < (parseIsoTime(ours.first_time) ?? Infinity) ? theirs.first_time : ours.first_time,
      last_time: (parseIsoTime(theirs.last_time) ?? -Infinity) > (parseIsoTime(ours.last_time) ?? -Infinity) ? theirs.last_time : ours.last_time,
    };
    if (ours.revenue !== undefined || theirs.revenue !== undefined) counter.revenue = (ours.revenue ?? 0) + (theirs.revenue ?? 0);
    result[name] = counter;
  }
  return result;
}

import { parseIsoTime } from '../rules/iso-time.rules';
import type { ActivityCounter, ProfileRecord, StoreUnit } from './ports/store.port';
import type { UnitLocks } from './pipeline/locked-unit.engine';
import { referenceLockKeys, resolveLocked } from './pipeline/profile-lock.engine';
import { newProfileFor, withAttributes } from './pipeline/profile-factory.engine';
import type { UserReference } from './pipeline/profile-resolution.engine';
import { isoTime, type Clock } from './support/clock';
import type { IdSource } from './support/ids';

interface TrackItemBase {
  reference: UserReference;
  /** Spec 8: defaults to `false` for `external_id` (and email) items, `true` for `user_alias` items. */
  updateExistingOnly: boolean;
}

export interface TrackAttributesItem extends TrackItemBase {
  attributes: Readonly<Record<string, unknown>>;
}

export interface TrackEventItem extends TrackItemBase {
  name: string;
  time: string;
}

export interface TrackPurchaseItem extends TrackItemBase {
  productId: string;
  time: string;
  quantity: number;
  /** Absent in writes queued before revenue was kept (they add none). */
  price?: number;
}

/** The valid items of one `/users/track` request, applied together once the request becomes visible. */
export interface TrackWrite {
  attributes: readonly TrackAttributesItem[];
  events: readonly TrackEventItem[];
  purchases: readonly TrackPurchaseItem[];
}

export interface TrackDeps {
  clock: Clock;
  ids: IdSource;
}

/** Where one visible `/users/track` write is applied: a unit of work holding `trackWriteLockKeys`. */
export interface TrackUnit {
  tx: StoreUnit;
  locks: UnitLocks;
  workspace: string;
}

/** The lock keys of every user a write names, to take before applying it. */
export function trackWriteLockKeys(workspace: string, write: TrackWrite): string[] {
  return referenceLockKeys(workspace, [...write.attributes, ...write.events, ...write.purchases].map((item) => item.reference));
}

/** Spec 8: all attributes, then events, then purchases, each item under its profile's lock. */
export async function applyTrackWrite(deps: TrackDeps, unit: TrackUnit, write: TrackWrite): Promise<void> {
  for (const item of write.attributes) await updateProfile(deps, unit, item, (profile, now) => withAttributes(profile, item.attributes, now));
  for (const item of write.events) await updateProfile(deps, unit, item, (profile, now) => ({ ...profile, events: counted(profile.events, item.name, item.time, 1), updated_at: now }));
  for (const item of write.purchases) {
    await updateProfile(deps, unit, item, (profile, now) => ({ ...profile, purchases: counted(profile.purchases, item.productId, item.time, item.quantity, (item.price ?? 0) * item.quantity), updated_at: now }));
  }
}

async function updateProfile(deps: TrackDeps, unit: TrackUnit, item: TrackItemBase, change: (profile: ProfileRecord, nowIso: string) => ProfileRecord): Promise<void> {
  const found = await resolveLocked(unit.tx, unit.locks, unit.workspace, item.reference);
  const now = isoTime(deps.clock.now());
  const base = found ?? (item.updateExistingOnly ? undefined : newProfileFor(item.reference.identifier, deps.ids.brazeId(), now));
  if (base) await unit.tx.saveProfile(unit.workspace, change(base, now));
}

/** Adds `count` occurrences at `time` to a per-name counter; first and last times are the extremes seen. */
function counted(counters: Readonly<Record<string, ActivityCounter>>, name: string, time: string, count: number, revenue?: number): Record<string, ActivityCounter> {
  const result: Record<string, ActivityCounter> = Object.create(null) as Record<string, ActivityCounter>;
  for (const key of Object.keys(counters)) result[key] = counters[key] as ActivityCounter;
  const iso = normalizedTime(time);
  const previous = Object.hasOwn(counters, name) ? counters[name] : undefined;
  const next: ActivityCounter = previous
    ? { count: previous.count + count, first_time: earlier(previous.first_time, iso), last_time: later(previous.last_time, iso) }
    : { count, first_time: iso, last_time: iso };
  if (revenue !== undefined) next.revenue = (previous?.revenue ?? 0) + revenue;
  result[name] = next;
  return result;
}

// `parseIsoTime`, not `Date.parse`: a time without an offset is UTC (as the audience evaluator reads it), never the host's local time.
function normalizedTime(time: string): string {
  const millis = parseIsoTime(time);
  return millis === undefined ? time : new Date(millis).toISOString();
}

function earlier(a: string, b: string): string {
  return (parseIsoTime(b) ?? Infinity) < (parseIsoTime(a) ?? Infinity) ? b : a;
}

function later(a: string, b: string): string {
  return (parseIsoTime(b) ?? -Infinity) > (parseIsoTime(a) ?? -Infinity) ? b : a;
}

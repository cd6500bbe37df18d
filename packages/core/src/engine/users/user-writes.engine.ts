import { MESSAGES, ValidationError } from '../../errors';
import { pickCandidate, type CandidateSkip } from '../../rules/prioritization.rules';
import type { RecipientIdentifiers } from '../../rules/recipients.rules';
import { withGroupStates } from '../../rules/subscription-groups.rules';
import type { SubscriptionGroupConfig } from '../../schema/mock-config.schema';
import type { Prioritization } from '../../schema/recipient.schema';
import type { SubscriptionState, SubscriptionStatusSetRequest, SubscriptionStatusSetV2Request } from '../../schema/subscription-set.schema';
import type { UserAlias } from '../../schema/user-alias.schema';
import type { MergeIdentifier, UsersAliasNewRequest, UsersAliasUpdateRequest, UsersDeleteRequest, UsersIdentifyRequest, UsersMergeRequest } from '../../schema/user-lifecycle.schema';
import { profileLockKey, type UnitLocks } from '../pipeline/locked-unit.engine';
import { newProfileAttributes } from '../pipeline/profile-factory.engine';
import { resolveLocked } from '../pipeline/profile-lock.engine';
import type { ProfileRecord, StoreUnit } from '../ports/store.port';
import { isoTime, type Clock } from '../support/clock';
import type { IdSource } from '../support/ids';
import { mergeProfiles } from './profile-merge';

/** Who an item names (endpoints spec 6.1): a direct identifier, or an email / phone with its prioritization. */
export type UserTarget =
  | { external_id: string }
  | { user_alias: UserAlias }
  | { braze_id: string }
  | { email: string; prioritization: Prioritization[] }
  | { phone: string; prioritization: Prioritization[] };

/** One item of a user write, JSON data (it waits in the propagation queue), with its request path. */
export type UserWriteItem =
  | { op: 'identify'; path: string; external_id: string; source: UserTarget }
  | { op: 'alias_new'; path: string; external_id?: string; alias: UserAlias }
  | { op: 'alias_update'; path: string; alias_label: string; old_alias_name: string; new_alias_name: string }
  | { op: 'delete'; path: string; target: UserTarget }
  | { op: 'merge'; path: string; merge: UserTarget; keep: UserTarget }
  | { op: 'subscription'; path: string; group_id: string; state: SubscriptionState; target: { external_id: string } | { email: string } | { phone: string } };

/**
 * One accepted request of endpoints spec 7–10 or a subscription POST (spec 12): a unit of the
 * propagation queue (spec 6.2), applied item by item in request order when it becomes visible.
 */
export interface UserWrite {
  user_write: { write_id: string; items: UserWriteItem[] };
}

/** Outcome codes of spec 7–12; the first six are applied, the rest skipped (spec 14.4). */
export const APPLIED_REASONS = ['identified', 'merged', 'added', 'created', 'updated', 'deleted'] as const;
export type AppliedReason = (typeof APPLIED_REASONS)[number];
export type SkippedReason = CandidateSkip | 'already_identified' | 'alias_label_conflict' | 'alias_exists' | 'label_taken' | 'alias_not_found' | 'same_user';

/** What one item did (`GET /_mock/requests` → `outcomes`). */
export interface WriteOutcome {
  path: string;
  outcome: 'applied' | 'skipped';
  reason: AppliedReason | SkippedReason;
  /** The profiles it touched (or found), in the order the item names them. */
  braze_ids: string[];
}

export function isUserWrite(payload: unknown): payload is UserWrite {
  return typeof payload === 'object' && payload !== null && Object.hasOwn(payload, 'user_write');
}

// ---------------------------------------------------------------------------------------------
// From validated requests to writes

function targetOf(identifier: MergeIdentifier | { braze_id: string }): UserTarget {
  if ('external_id' in identifier) return { external_id: identifier.external_id };
  if ('braze_id' in identifier) return { braze_id: identifier.braze_id };
  if ('user_alias' in identifier) return { user_alias: { alias_name: identifier.user_alias.alias_name, alias_label: identifier.user_alias.alias_label } };
  if ('email' in identifier) return { email: identifier.email, prioritization: [...identifier.prioritization] };
  return { phone: identifier.phone, prioritization: [...identifier.prioritization] };
}

function write(writeId: string, items: UserWriteItem[]): UserWrite {
  return { user_write: { write_id: writeId, items } };
}

/** `/users/identify`: aliases, then emails, then phone numbers, each in request order. */
export function identifyWrite(request: UsersIdentifyRequest, writeId: string): UserWrite {
  const items: UserWriteItem[] = [];
  (request.aliases_to_identify ?? []).forEach((item, index) => items.push({ op: 'identify', path: `aliases_to_identify[${index}]`, external_id: item.external_id, source: targetOf({ user_alias: item.user_alias }) }));
  (request.emails_to_identify ?? []).forEach((item, index) =>
    items.push({ op: 'identify', path: `emails_to_identify[${index}]`, external_id: item.external_id, source: { email: item.email, prioritization: [...item.prioritization] } }),
  );
  (request.phone_numbers_to_identify ?? []).forEach((item, index) =>
    items.push({ op: 'identify', path: `phone_numbers_to_identify[${index}]`, external_id: item.external_id, source: { phone: item.phone, prioritization: [...item.prioritization] } }),
  );
  return write(writeId, items);
}

export function aliasNewWrite(request: UsersAliasNewRequest, writeId: string): UserWrite {
  return write(
    writeId,
    (request.user_aliases ?? []).map((item, index) => {
      const alias = { alias_name: item.alias_name, alias_label: item.alias_label };
      return item.external_id === undefined ? { op: 'alias_new', path: `user_aliases[${index}]`, alias } : { op: 'alias_new', path: `user_aliases[${index}]`, external_id: item.external_id, alias };
    }),
  );
}

export function aliasUpdateWrite(request: UsersAliasUpdateRequest, writeId: string): UserWrite {
  return write(
    writeId,
    (request.alias_updates ?? []).map((item, index) => ({ op: 'alias_update', path: `alias_updates[${index}]`, alias_label: item.alias_label, old_alias_name: item.old_alias_name, new_alias_name: item.new_alias_name })),
  );
}

/** `/users/delete`'s one list as items; `distinct` counts the identifiers accepted once each (the response's `deleted`). */
export function deleteWrite(request: UsersDeleteRequest, writeId: string): { write: UserWrite; distinct: number } {
  const targets: [string, UserTarget][] = [
    ...(request.external_ids ?? []).map((id, index): [string, UserTarget] => [`external_ids[${index}]`, { external_id: id }]),
    ...(request.user_aliases ?? []).map((alias, index): [string, UserTarget] => [`user_aliases[${index}]`, targetOf({ user_alias: alias })]),
    ...(request.braze_ids ?? []).map((id, index): [string, UserTarget] => [`braze_ids[${index}]`, { braze_id: id }]),
    ...(request.email_addresses ?? []).map((item, index): [string, UserTarget] => [`email_addresses[${index}]`, targetOf(item)]),
    ...(request.phone_numbers ?? []).map((item, index): [string, UserTarget] => [`phone_numbers[${index}]`, targetOf(item)]),
  ];
  const distinct = new Set(targets.map(([, target]) => targetKey(target))).size;
  return { write: write(writeId, targets.map(([path, target]) => ({ op: 'delete', path, target }))), distinct };
}

export function mergeWrite(request: UsersMergeRequest, writeId: string): UserWrite {
  return write(
    writeId,
    request.merge_updates.map((update, index) => ({ op: 'merge', path: `merge_updates[${index}]`, merge: targetOf(update.identifier_to_merge), keep: targetOf(update.identifier_to_keep) })),
  );
}

type SubscriptionEntry = { group_id: string; state: SubscriptionState; external: string[]; emails: string[]; phones: string[]; prefix: string; names: [string, string, string]; listed: [boolean, boolean, boolean] };

function listed(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/**
 * The workspace checks of a subscription POST, before anything is written (endpoints spec 12):
 * the group exists ("Subscription group does not exist"), emails only for email groups and phones
 * only for SMS / WhatsApp ones ("Bad Request").
 */
function checkedEntries(entries: readonly SubscriptionEntry[], groups: ReadonlyMap<string, SubscriptionGroupConfig>): void {
  const problems: string[] = [];
  for (const entry of entries) {
    const group = groups.get(entry.group_id);
    if (group === undefined) throw new ValidationError('subscription_group_not_found', MESSAGES.subscription_group_not_found, [`${entry.prefix}subscription_group_id: no subscription group ${JSON.stringify(entry.group_id)} in this workspace`]);
    if (group.channel === 'email' && entry.phones.length > 0) problems.push(`${entry.prefix}${entry.names[2]}: not allowed for an email subscription group`);
    if (group.channel !== 'email' && entry.emails.length > 0) problems.push(`${entry.prefix}${entry.names[1]}: not allowed for an ${group.channel} subscription group`);
  }
  if (problems.length > 0) throw new ValidationError('bad_request', MESSAGES.bad_request, problems);
}

function subscriptionItems(entries: readonly SubscriptionEntry[]): UserWriteItem[] {
  const items: UserWriteItem[] = [];
  for (const entry of entries) {
    const path = (index: 0 | 1 | 2, position: number): string => `${entry.prefix}${entry.names[index]}${entry.listed[index] ? `[${position}]` : ''}`;
    const base = { op: 'subscription', group_id: entry.group_id, state: entry.state } as const;
    entry.external.forEach((id, position) => items.push({ ...base, path: path(0, position), target: { external_id: id } }));
    entry.emails.forEach((email, position) => items.push({ ...base, path: path(1, position), target: { email } }));
    entry.phones.forEach((phone, position) => items.push({ ...base, path: path(2, position), target: { phone } }));
  }
  return items;
}

/** `POST /subscription/status/set` after its workspace checks. */
export function subscriptionWrite(request: SubscriptionStatusSetRequest, groups: ReadonlyMap<string, SubscriptionGroupConfig>, writeId: string): UserWrite {
  const entry: SubscriptionEntry = {
    group_id: request.subscription_group_id,
    state: request.subscription_state,
    external: listed(request.external_id),
    emails: listed(request.email),
    phones: listed(request.phone),
    prefix: '',
    names: ['external_id', 'email', 'phone'],
    listed: [Array.isArray(request.external_id), Array.isArray(request.email), Array.isArray(request.phone)],
  };
  checkedEntries([entry], groups);
  return write(writeId, subscriptionItems([entry]));
}

/** `POST /v2/subscription/status/set` after its workspace checks. */
export function subscriptionV2Write(request: SubscriptionStatusSetV2Request, groups: ReadonlyMap<string, SubscriptionGroupConfig>, writeId: string): UserWrite {
  const entries = request.subscription_groups.map(
    (group, index): SubscriptionEntry => ({
      group_id: group.subscription_group_id,
      state: group.subscription_state,
      external: group.external_ids ?? [],
      emails: group.emails ?? [],
      phones: group.phones ?? [],
      prefix: `subscription_groups[${index}].`,
      names: ['external_ids', 'emails', 'phones'],
      listed: [true, true, true],
    }),
  );
  checkedEntries(entries, groups);
  return write(writeId, subscriptionItems(entries));
}

// ---------------------------------------------------------------------------------------------
// Locks

function identifierOf(target: UserTarget | { email: string } | { phone: string }): RecipientIdentifiers {
  if ('external_id' in target) return { external_user_id: target.external_id };
  if ('user_alias' in target) return { user_alias: target.user_alias };
  if ('braze_id' in target) return { braze_id: target.braze_id };
  if ('email' in target) return { email: target.email };
  return { phone: target.phone };
}

function targetKey(target: UserTarget): string {
  return JSON.stringify(identifierOf(target));
}

/**
 * The keys of every identifier a write names, to take up front (spec 6.2); the profiles' own
 * (braze_id) keys are taken as they are found, so nothing that touches one of them interleaves.
 */
export function userWriteLockKeys(workspace: string, userWrite: UserWrite): string[] {
  const keys = new Set<string>();
  const add = (identifier: RecipientIdentifiers): void => void keys.add(profileLockKey(workspace, identifier));
  for (const item of userWrite.user_write.items) {
    switch (item.op) {
      case 'identify':
        add({ external_user_id: item.external_id });
        add(identifierOf(item.source));
        break;
      case 'alias_new':
        add({ user_alias: item.alias });
        if (item.external_id !== undefined) add({ external_user_id: item.external_id });
        break;
      case 'alias_update':
        add({ user_alias: { alias_label: item.alias_label, alias_name: item.old_alias_name } });
        add({ user_alias: { alias_label: item.alias_label, alias_name: item.new_alias_name } });
        break;
      case 'delete':
        add(identifierOf(item.target));
        break;
      case 'merge':
        add(identifierOf(item.merge));
        add(identifierOf(item.keep));
        break;
      case 'subscription':
        add(identifierOf(item.target));
        break;
    }
  }
  return [...keys];
}

// ---------------------------------------------------------------------------------------------
// Applying

export interface UserWriteDeps {
  clock: Clock;
  ids: IdSource;
}

export interface UserWriteUnit {
  tx: StoreUnit;
  locks: UnitLocks;
  workspace: string;
}

type Found = { profile: ProfileRecord } | { skip: CandidateSkip };

/** The profile under its own lock, read again when the lock was taken just now; undefined when it went meanwhile. */
async function locked(unit: UserWriteUnit, profile: ProfileRecord): Promise<ProfileRecord | undefined> {
  const takenNow = await unit.locks.ensure(profileLockKey(unit.workspace, { braze_id: profile.braze_id }));
  return takenNow ? unit.tx.findProfile(unit.workspace, { braze_id: profile.braze_id }) : profile;
}

/** Every holder of an email or phone, each under its lock, oldest first. */
async function holders(unit: UserWriteUnit, target: { email: string } | { phone: string }): Promise<ProfileRecord[]> {
  const found = 'email' in target ? await unit.tx.findProfilesByEmail(unit.workspace, target.email) : await unit.tx.findProfilesByPhone(unit.workspace, target.phone);
  const result: ProfileRecord[] = [];
  for (const profile of found) {
    const current = await locked(unit, profile);
    if (current !== undefined) result.push(current);
  }
  return result;
}

/** Endpoints spec 6.1 under the locks; `only` narrows the candidates first (identify: profiles without an external id). */
async function resolveTarget(unit: UserWriteUnit, target: UserTarget, only?: (profile: ProfileRecord) => boolean): Promise<Found> {
  if ('email' in target || 'phone' in target) {
    const candidates = (await holders(unit, target)).filter((profile) => only === undefined || only(profile));
    return pickCandidate(candidates, target.prioritization);
  }
  const profile = await resolveLocked(unit.tx, unit.locks, unit.workspace, { identifier: identifierOf(target) });
  return profile === undefined || (only !== undefined && !only(profile)) ? { skip: 'user_not_found' } : { profile };
}

const applied = (path: string, reason: AppliedReason, ...profiles: ProfileRecord[]): WriteOutcome => ({ path, outcome: 'applied', reason, braze_ids: profiles.map((profile) => profile.braze_id) });
const skipped = (path: string, reason: SkippedReason, ...profiles: ProfileRecord[]): WriteOutcome => ({ path, outcome: 'skipped', reason, braze_ids: profiles.map((profile) => profile.braze_id) });

/**
 * Applies a visible user write (spec 6.2): its items in request order, each against the state
 * its predecessors left, under the locks of every profile it touches. Returns one outcome per item.
 */
export async function applyUserWrite(deps: UserWriteDeps, unit: UserWriteUnit, userWrite: UserWrite): Promise<WriteOutcome[]> {
  const outcomes: WriteOutcome[] = [];
  for (const item of userWrite.user_write.items) outcomes.push(await applyItem(deps, unit, item));
  return outcomes;
}

async function applyItem(deps: UserWriteDeps, unit: UserWriteUnit, item: UserWriteItem): Promise<WriteOutcome> {
  const now = isoTime(deps.clock.now());
  const { tx, workspace } = unit;
  switch (item.op) {
    case 'identify': {
      const source = await resolveTarget(unit, item.source, 'user_alias' in item.source ? undefined : (profile) => profile.external_id === undefined);
      if ('skip' in source) return skipped(item.path, source.skip);
      const s = source.profile;
      if (s.external_id !== undefined) return skipped(item.path, 'already_identified', s);
      const keep = await resolveLocked(tx, unit.locks, workspace, { identifier: { external_user_id: item.external_id } });
      if (keep === undefined) {
        await tx.saveProfile(workspace, { ...s, external_id: item.external_id, updated_at: now });
        return applied(item.path, 'identified', s);
      }
      const labels = new Set(keep.user_aliases.map((alias) => alias.alias_label));
      if (s.user_aliases.some((alias) => labels.has(alias.alias_label))) return skipped(item.path, 'alias_label_conflict', s, keep);
      await tx.deleteProfile(workspace, s.braze_id);
      await tx.saveProfile(workspace, mergeProfiles(s, keep, now, { dropTakenLabels: false }));
      return applied(item.path, 'merged', s, keep);
    }
    case 'alias_new': {
      const holder = await resolveLocked(tx, unit.locks, workspace, { identifier: { user_alias: item.alias } });
      if (item.external_id !== undefined) {
        const profile = await resolveLocked(tx, unit.locks, workspace, { identifier: { external_user_id: item.external_id } });
        if (profile === undefined) return skipped(item.path, 'user_not_found');
        if (holder !== undefined) return skipped(item.path, 'alias_exists', holder);
        if (profile.user_aliases.some((alias) => alias.alias_label === item.alias.alias_label)) return skipped(item.path, 'label_taken', profile);
        await tx.saveProfile(workspace, { ...profile, user_aliases: [...profile.user_aliases, { ...item.alias }], updated_at: now });
        return applied(item.path, 'added', profile);
      }
      if (holder !== undefined) return skipped(item.path, 'alias_exists', holder);
      const created: ProfileRecord = { braze_id: deps.ids.brazeId(), user_aliases: [{ ...item.alias }], attributes: newProfileAttributes(), events: {}, purchases: {}, created_at: now, updated_at: now };
      await tx.saveProfile(workspace, created);
      return applied(item.path, 'created', created);
    }
    case 'alias_update': {
      const old = { alias_label: item.alias_label, alias_name: item.old_alias_name };
      const renamed = { alias_label: item.alias_label, alias_name: item.new_alias_name };
      const holder = await resolveLocked(tx, unit.locks, workspace, { identifier: { user_alias: old } });
      if (holder === undefined) return skipped(item.path, 'alias_not_found');
      const taken = await resolveLocked(tx, unit.locks, workspace, { identifier: { user_alias: renamed } });
      if (taken !== undefined) return skipped(item.path, 'alias_exists', taken);
      const aliases = holder.user_aliases.map((alias) => (alias.alias_label === old.alias_label && alias.alias_name === old.alias_name ? { ...renamed } : alias));
      await tx.saveProfile(workspace, { ...holder, user_aliases: aliases, updated_at: now });
      return applied(item.path, 'updated', holder);
    }
    case 'delete': {
      const found = await resolveTarget(unit, item.target);
      if ('skip' in found) return skipped(item.path, found.skip);
      await tx.deleteProfile(workspace, found.profile.braze_id);
      return applied(item.path, 'deleted', found.profile);
    }
    case 'merge': {
      const from = await resolveTarget(unit, item.merge);
      if ('skip' in from) return skipped(item.path, from.skip);
      const keep = await resolveTarget(unit, item.keep);
      if ('skip' in keep) return skipped(item.path, keep.skip, from.profile);
      if (from.profile.braze_id === keep.profile.braze_id) return skipped(item.path, 'same_user', from.profile);
      // F is under its lock since it was found, so it is as read; a busy key for K restarts the whole unit.
      await tx.deleteProfile(workspace, from.profile.braze_id);
      await tx.saveProfile(workspace, mergeProfiles(from.profile, keep.profile, now, { dropTakenLabels: true }));
      return applied(item.path, 'merged', from.profile, keep.profile);
    }
    case 'subscription':
      return applySubscription(deps, unit, item, now);
  }
}

async function applySubscription(deps: UserWriteDeps, unit: UserWriteUnit, item: Extract<UserWriteItem, { op: 'subscription' }>, now: string): Promise<WriteOutcome> {
  const { tx, workspace } = unit;
  const update = [{ subscription_group_id: item.group_id, subscription_state: item.state }];
  const withState = (profile: ProfileRecord): ProfileRecord => ({
    ...profile,
    attributes: { ...profile.attributes, subscription_groups: withGroupStates(Object.hasOwn(profile.attributes, 'subscription_groups') ? profile.attributes['subscription_groups'] : undefined, update, now) },
    updated_at: now,
  });
  const { target } = item;
  if ('external_id' in target) {
    const profile = await resolveLocked(tx, unit.locks, workspace, { identifier: { external_user_id: target.external_id } });
    // Not created (Braze is silent; the spec decides).
    if (profile === undefined) return skipped(item.path, 'user_not_found');
    await tx.saveProfile(workspace, withState(profile));
    return applied(item.path, 'updated', profile);
  }
  // "All users that share the email address are updated"; none: a new email-only (phone-only) profile.
  const found = await holders(unit, target);
  if (found.length === 0) {
    const attributes = newProfileAttributes();
    if ('email' in target) attributes['email'] = target.email;
    else attributes['phone'] = target.phone;
    const created = withState({ braze_id: deps.ids.brazeId(), user_aliases: [], attributes, events: {}, purchases: {}, created_at: now, updated_at: now });
    await tx.saveProfile(workspace, created);
    return applied(item.path, 'created', created);
  }
  for (const profile of found) await tx.saveProfile(workspace, withState(profile));
  return applied(item.path, 'updated', ...found);
}

import { StoreUnavailableError } from '../../errors';
import type { DispatchRecord } from '../../schema/responses.schema';
import type { UserAlias } from '../../schema/user-alias.schema';
import { type DueItem, type MessagePage, type MessageQuery, type ProfileRecord, type ProfileRef, type ScheduleFilter, type ScheduleRecord, type SendIdRecord, StoreConflictError, type TransactionalSendRecord } from '../ports/store.port';
import { aliasKey, type CommittedState, dueKindRank, matchesScheduleFilter, type ProfileRow, profileEmailKey, profilePhone, transactionalSendKey, type WorkspaceChanges } from './committed-state';
import { MessageLog } from './memory-message-log';

/**
 * A profile as the memory store keeps it: one fixed-shape object per profile (a single hidden
 * class), attributes and activity counters as JSON text (compact, and copying out is a parse),
 * times as the ISO strings they arrived as (one shared string while never updated).
 */
class StoredProfile {
  constructor(
    /** Insertion rank, kept across replacements: orders email and phone owners and scans. */
    readonly seq: number,
    readonly brazeId: string,
    readonly externalId: string | undefined,
    readonly aliases: readonly UserAlias[] | undefined,
    readonly emailKey: string | undefined,
    readonly phone: string | undefined,
    readonly attributesJson: string,
    readonly activityJson: string | undefined,
    readonly createdAt: string,
    readonly updatedAt: string,
  ) {}
}

interface StoredDueItem {
  readonly id: string;
  readonly seq: number;
  readonly item: Omit<DueItem, 'id'>;
}

/** Several profiles may share an email or a phone: one owner is kept bare, more as an array by `seq`. */
type Owners = StoredProfile | StoredProfile[];

class WorkspaceState {
  readonly byBrazeId = new Map<string, StoredProfile>();
  readonly byExternalId = new Map<string, StoredProfile>();
  readonly byAlias = new Map<string, StoredProfile>();
  readonly byEmail = new Map<string, Owners>();
  readonly byPhone = new Map<string, Owners>();
  /** Every profile by `seq` (replacements in place), for paged scans. */
  readonly bySeq: StoredProfile[] = [];
  readonly messages = new MessageLog();
  /** Dispatch JSON by id; a Map iterates in insertion order, so the oldest is first. */
  readonly dispatches = new Map<string, string>();
  readonly sendIds: string[] = [];
  /** Schedule JSON by id, in creation order (a replaced one keeps its place). */
  readonly schedules = new Map<string, string>();
  /**
   * Transactional sends by `transactionalSendKey` (endpoints spec 4.3), in save order: the mock
   * clock never moves backwards, so that is expiry order and pruning stops at the first live one.
   */
  readonly transactionalSends = new Map<string, { expires_ms: number; json: string }>();
  /** Pending items by due time, then kind, then creation. */
  readonly due: StoredDueItem[] = [];
  readonly dueById = new Map<string, StoredDueItem>();
  nextSeq = 1;
  nextDueSeq = 1;
}

/**
 * The memory store's committed state: indexed maps per workspace, applied by `commit` after every
 * change of the batch was checked, so a batch that would conflict changes nothing.
 */
export class MemoryState implements CommittedState {
  readonly durable = false;
  private readonly workspaces = new Map<string, WorkspaceState>();
  private closed = false;

  profileByRef(workspace: string, ref: ProfileRef): ProfileRow | undefined {
    const state = this.read(workspace);
    const stored = state && lookup(state, ref);
    return stored && toRow(stored);
  }

  profileSeq(workspace: string, brazeId: string): number | undefined {
    return this.read(workspace)?.byBrazeId.get(brazeId)?.seq;
  }

  profilesByEmail(workspace: string, key: string): ProfileRow[] {
    return ownersOf(this.read(workspace)?.byEmail.get(key));
  }

  profilesByPhone(workspace: string, phone: string): ProfileRow[] {
    return ownersOf(this.read(workspace)?.byPhone.get(phone));
  }

  profilePage(workspace: string, afterSeq: number, limit: number): ProfileRow[] {
    const ordered = this.read(workspace)?.bySeq ?? [];
    const start = firstAfter(ordered, afterSeq);
    return ordered.slice(start, start + limit).map(toRow);
  }

  countProfiles(workspace: string): number {
    return this.read(workspace)?.byBrazeId.size ?? 0;
  }

  listMessages(workspace: string, query: MessageQuery): MessagePage {
    const state = this.read(workspace);
    return state ? state.messages.list(query) : { messages: [], more: false };
  }

  getDispatch(workspace: string, dispatchId: string): DispatchRecord | undefined {
    const json = this.read(workspace)?.dispatches.get(dispatchId);
    return json === undefined ? undefined : (JSON.parse(json) as DispatchRecord);
  }

  listSendIds(workspace: string): SendIdRecord[] {
    return (this.read(workspace)?.sendIds ?? []).map((json) => JSON.parse(json) as SendIdRecord);
  }

  getSchedule(workspace: string, scheduleId: string): ScheduleRecord | undefined {
    const json = this.read(workspace)?.schedules.get(scheduleId);
    return json === undefined ? undefined : (JSON.parse(json) as ScheduleRecord);
  }

  listSchedules(workspace: string, filter: ScheduleFilter): ScheduleRecord[] {
    const schedules: ScheduleRecord[] = [];
    for (const json of this.read(workspace)?.schedules.values() ?? []) {
      const schedule = JSON.parse(json) as ScheduleRecord;
      if (matchesScheduleFilter(schedule, filter)) schedules.push(schedule);
    }
    return schedules;
  }

  listDue(workspace: string, untilMs: number, limit: number): DueItem[] {
    const due: DueItem[] = [];
    for (const stored of this.read(workspace)?.due ?? []) {
      if (stored.item.due_ms > untilMs || due.length === limit) break;
      due.push({ id: stored.id, ...stored.item });
    }
    return due;
  }

  nextDueMs(workspace: string): number | undefined {
    return this.read(workspace)?.due[0]?.item.due_ms;
  }

  getTransactionalSend(workspace: string, campaignId: string, externalSendId: string): TransactionalSendRecord | undefined {
    const json = this.read(workspace)?.transactionalSends.get(transactionalSendKey(campaignId, externalSendId));
    return json === undefined ? undefined : (JSON.parse(json.json) as TransactionalSendRecord);
  }

  hasDueItem(workspace: string, id: string): boolean {
    return this.read(workspace)?.dueById.has(id) ?? false;
  }

  commit(changes: ReadonlyMap<string, WorkspaceChanges>): void {
    this.assertOpen();
    for (const [workspace, change] of changes) {
      assertNoConflicts(change.reset ? undefined : this.workspaces.get(workspace), workspace, change);
    }
    for (const [workspace, change] of changes) this.apply(workspace, change);
  }

  close(): void {
    this.closed = true;
    this.workspaces.clear();
  }

  private apply(workspace: string, change: WorkspaceChanges): void {
    if (change.reset) this.workspaces.set(workspace, new WorkspaceState());
    const state = this.write(workspace);
    for (const [brazeId, profile] of change.profiles) {
      if (profile === null) deleteProfile(state, brazeId);
      else saveProfile(state, profile);
    }
    for (const message of change.messages) state.messages.append(message);
    if (change.messages.length > 0) state.messages.trim(change.keepMessages);
    for (const [id, dispatch] of change.dispatches) state.dispatches.set(id, JSON.stringify(dispatch));
    if (change.dispatches.size > 0) trimDispatches(state, change.keepDispatches);
    for (const record of change.sendIds) state.sendIds.push(JSON.stringify(record));
    for (const [id, schedule] of change.schedules) state.schedules.set(id, JSON.stringify(schedule));
    pruneTransactionalSends(state, change.pruneTransactionalBeforeMs);
    for (const [key, record] of change.transactionalSends) {
      state.transactionalSends.delete(key);
      state.transactionalSends.set(key, { expires_ms: record.expires_ms, json: JSON.stringify(record) });
    }
    for (const item of change.dueAdded) addDue(state, item);
    for (const id of change.dueDeleted) removeDue(state, id);
  }

  private read(workspace: string): WorkspaceState | undefined {
    this.assertOpen();
    return this.workspaces.get(workspace);
  }

  private write(workspace: string): WorkspaceState {
    let state = this.workspaces.get(workspace);
    if (!state) {
      state = new WorkspaceState();
      this.workspaces.set(workspace, state);
    }
    return state;
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailableError({ cause: new Error('The store is closed') });
  }
}

/** Expired deduplication keys go, oldest first, so they never accumulate. */
function pruneTransactionalSends(state: WorkspaceState, beforeMs: number): void {
  for (const [key, entry] of state.transactionalSends) {
    if (entry.expires_ms > beforeMs) return;
    state.transactionalSends.delete(key);
  }
}

function lookup(state: WorkspaceState, ref: ProfileRef): StoredProfile | undefined {
  if ('external_id' in ref) return state.byExternalId.get(ref.external_id);
  if ('braze_id' in ref) return state.byBrazeId.get(ref.braze_id);
  return state.byAlias.get(aliasKey(ref.user_alias));
}

/**
 * Every saved profile's external id and aliases must be free, or held by itself, or by a profile
 * this same batch moves them away from (or deletes); two profiles of the batch may not claim one.
 */
function assertNoConflicts(state: WorkspaceState | undefined, workspace: string, change: WorkspaceChanges): void {
  const claimed = new Map<string, string>();
  const check = (field: 'external_id' | 'user_alias', key: string, value: string, owner: StoredProfile | undefined, brazeId: string, stillOwns: (profile: ProfileRecord) => boolean) => {
    const other = claimed.get(`${field}:${key}`);
    if (other !== undefined && other !== brazeId) throw new StoreConflictError(workspace, field, value);
    claimed.set(`${field}:${key}`, brazeId);
    if (owner === undefined || owner.brazeId === brazeId) return;
    const replaced = change.profiles.get(owner.brazeId);
    if (replaced === undefined || (replaced !== null && stillOwns(replaced))) throw new StoreConflictError(workspace, field, value);
  };
  for (const [brazeId, profile] of change.profiles) {
    if (profile === null) continue;
    const externalId = profile.external_id;
    if (externalId !== undefined) {
      check('external_id', externalId, externalId, state?.byExternalId.get(externalId), brazeId, (other) => other.external_id === externalId);
    }
    for (const alias of profile.user_aliases) {
      const key = aliasKey(alias);
      const owns = (other: ProfileRecord) => other.user_aliases.some((a) => aliasKey(a) === key);
      check('user_alias', key, `${alias.alias_label}:${alias.alias_name}`, state?.byAlias.get(key), brazeId, owns);
    }
  }
}

function saveProfile(state: WorkspaceState, profile: ProfileRecord): void {
  const previous = state.byBrazeId.get(profile.braze_id);
  const next = toStored(profile, previous ? previous.seq : state.nextSeq++);
  if (previous) {
    unindex(state, previous);
    state.bySeq[firstAfter(state.bySeq, next.seq - 1)] = next;
  } else {
    state.bySeq.push(next);
  }
  state.byBrazeId.set(next.brazeId, next);
  index(state, next);
}

function deleteProfile(state: WorkspaceState, brazeId: string): void {
  const previous = state.byBrazeId.get(brazeId);
  if (previous === undefined) return;
  unindex(state, previous);
  state.byBrazeId.delete(brazeId);
  state.bySeq.splice(firstAfter(state.bySeq, previous.seq - 1), 1);
}

function index(state: WorkspaceState, stored: StoredProfile): void {
  if (stored.externalId !== undefined) state.byExternalId.set(stored.externalId, stored);
  for (const alias of stored.aliases ?? []) state.byAlias.set(aliasKey(alias), stored);
  if (stored.emailKey !== undefined) addOwner(state.byEmail, stored.emailKey, stored);
  if (stored.phone !== undefined) addOwner(state.byPhone, stored.phone, stored);
}

function unindex(state: WorkspaceState, stored: StoredProfile): void {
  if (stored.externalId !== undefined && state.byExternalId.get(stored.externalId)?.brazeId === stored.brazeId) state.byExternalId.delete(stored.externalId);
  for (const alias of stored.aliases ?? []) if (state.byAlias.get(aliasKey(alias))?.brazeId === stored.brazeId) state.byAlias.delete(aliasKey(alias));
  if (stored.emailKey !== undefined) removeOwner(state.byEmail, stored.emailKey, stored.brazeId);
  if (stored.phone !== undefined) removeOwner(state.byPhone, stored.phone, stored.brazeId);
}

/** Owners stay in creation order, so a replaced profile goes back to its original place. */
function addOwner(owners: Map<string, Owners>, key: string, stored: StoredProfile): void {
  const entry = owners.get(key);
  if (entry === undefined) {
    owners.set(key, stored);
    return;
  }
  owners.set(key, [...(Array.isArray(entry) ? entry : [entry]), stored].sort((a, b) => a.seq - b.seq));
}

function removeOwner(owners: Map<string, Owners>, key: string, brazeId: string): void {
  const entry = owners.get(key);
  if (entry === undefined) return;
  const rest = (Array.isArray(entry) ? entry : [entry]).filter((owner) => owner.brazeId !== brazeId);
  if (rest.length === 0) owners.delete(key);
  else owners.set(key, rest.length === 1 ? (rest[0] as StoredProfile) : rest);
}

function ownersOf(entry: Owners | undefined): ProfileRow[] {
  if (entry === undefined) return [];
  return Array.isArray(entry) ? entry.map(toRow) : [toRow(entry)];
}

/** The position of the first profile with `seq > afterSeq` (binary search: `bySeq` ascends). */
function firstAfter(ordered: readonly StoredProfile[], afterSeq: number): number {
  let low = 0;
  let high = ordered.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((ordered[middle] as StoredProfile).seq <= afterSeq) low = middle + 1;
    else high = middle;
  }
  return low;
}

function trimDispatches(state: WorkspaceState, keep: number): void {
  for (const id of state.dispatches.keys()) {
    if (state.dispatches.size <= keep) return;
    state.dispatches.delete(id);
  }
}

function addDue(state: WorkspaceState, item: Omit<DueItem, 'id'>): void {
  const seq = state.nextDueSeq++;
  const stored: StoredDueItem = { id: String(seq), seq, item: { kind: item.kind, due_ms: item.due_ms, payload: item.payload } };
  let position = state.due.length;
  while (position > 0 && dueAfter((state.due[position - 1] as StoredDueItem).item, item)) position--;
  state.due.splice(position, 0, stored);
  state.dueById.set(stored.id, stored);
}

/** Whether `a` is processed after `b`: later due time, or the same time and a later kind. */
function dueAfter(a: Omit<DueItem, 'id'>, b: Omit<DueItem, 'id'>): boolean {
  return a.due_ms > b.due_ms || (a.due_ms === b.due_ms && dueKindRank(a.kind) > dueKindRank(b.kind));
}

function removeDue(state: WorkspaceState, id: string): void {
  const stored = state.dueById.get(id);
  if (stored === undefined) return;
  state.dueById.delete(id);
  state.due.splice(state.due.indexOf(stored), 1);
}

function toStored(profile: ProfileRecord, seq: number): StoredProfile {
  // Merged profiles (endpoints spec 6.3) are rare: they ride with the activity rather than costing every profile a field.
  const merged = profile.merged_profiles !== undefined && profile.merged_profiles.length > 0 ? profile.merged_profiles : undefined;
  const hasActivity = Object.keys(profile.events).length > 0 || Object.keys(profile.purchases).length > 0 || merged !== undefined;
  return new StoredProfile(
    seq,
    profile.braze_id,
    profile.external_id,
    profile.user_aliases.length > 0 ? profile.user_aliases.map((alias) => ({ alias_name: alias.alias_name, alias_label: alias.alias_label })) : undefined,
    profileEmailKey(profile),
    profilePhone(profile),
    flat(JSON.stringify(profile.attributes)),
    hasActivity ? flat(JSON.stringify(merged === undefined ? { events: profile.events, purchases: profile.purchases } : { events: profile.events, purchases: profile.purchases, merged_profiles: merged })) : undefined,
    profile.created_at,
    profile.updated_at === profile.created_at ? profile.created_at : profile.updated_at,
  );
}

function toRow(stored: StoredProfile): ProfileRow {
  const activity = stored.activityJson === undefined ? undefined : (JSON.parse(stored.activityJson) as Pick<ProfileRecord, 'events' | 'purchases' | 'merged_profiles'>);
  const profile: ProfileRecord = {
    braze_id: stored.brazeId,
    user_aliases: (stored.aliases ?? []).map((alias) => ({ alias_name: alias.alias_name, alias_label: alias.alias_label })),
    attributes: JSON.parse(stored.attributesJson) as Record<string, unknown>,
    events: activity?.events ?? {},
    purchases: activity?.purchases ?? {},
    created_at: stored.createdAt,
    updated_at: stored.updatedAt,
  };
  if (stored.externalId !== undefined) profile.external_id = stored.externalId;
  if (activity?.merged_profiles !== undefined) profile.merged_profiles = activity.merged_profiles;
  return { seq: stored.seq, profile };
}

/**
 * V8 returns `JSON.stringify` results as ropes: several linked pieces that stay on the heap until
 * the string is first read. Reading one character flattens it into one block now, which the memory
 * bench measured at 0.85x the heap per profile.
 */
function flat(text: string): string {
  if (text.length > 0) text.charCodeAt(0);
  return text;
}

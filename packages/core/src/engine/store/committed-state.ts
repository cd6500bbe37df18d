import type { DispatchRecord, MessageRecord } from '../../schema/responses.schema';
import { DUE_ITEM_KINDS, type DueItem, type DueItemInput, type DueItemKind, type MessagePage, type MessageQuery, type ProfileRecord, type ProfileRef, type ScheduleFilter, type ScheduleRecord, type SendIdRecord, type TransactionalSendRecord } from '../ports/store.port';

/** A stored profile with its insertion rank (which orders email and phone owners and scans). */
export interface ProfileRow {
  seq: number;
  profile: ProfileRecord;
}

/** Everything one unit of work wrote to one workspace, in the order it is to be applied. */
export interface WorkspaceChanges {
  /** The workspace was emptied first (its seeds, if any, follow in `profiles`). */
  reset: boolean;
  /** By `braze_id`, in first-write order (the creation order of new profiles); `null` deletes. */
  profiles: ReadonlyMap<string, ProfileRecord | null>;
  /**
   * The `braze_id`s of `profiles` that no committed state held when the unit wrote them (created
   * in the unit, or after its reset): a backend need not look for an older version of these.
   */
  created: ReadonlySet<string>;
  messages: readonly MessageRecord[];
  /** Keep this many newest messages after appending (the smallest bound any append gave). */
  keepMessages: number;
  /** By `dispatch_id`, in first-write order. */
  dispatches: ReadonlyMap<string, DispatchRecord>;
  keepDispatches: number;
  sendIds: readonly SendIdRecord[];
  /** By `schedule_id`, in first-write order. */
  schedules: ReadonlyMap<string, ScheduleRecord>;
  /** By `transactionalSendKey`, in first-write order. */
  transactionalSends: ReadonlyMap<string, TransactionalSendRecord>;
  /** Drop committed transactional sends with `expires_ms` at or before this (the largest bound the unit gave; `-Infinity`: none). */
  pruneTransactionalBeforeMs: number;
  dueAdded: readonly DueItemInput[];
  dueDeleted: readonly string[];
}

/**
 * The committed state behind an in-process store (memory, SQLite): synchronous reads, and one
 * atomic, durable `commit` per unit of work. `createInProcessStore` builds the `Store` port on it
 * (buffered units that read their own writes, an in-process lock table), so a backend only says
 * how to read and how to apply a batch of changes.
 *
 * Reads return fresh objects the caller may keep. Failures of the backend (disk full, locked,
 * corrupt, closed) are thrown as `StoreUnavailableError`; `commit` then writes nothing.
 */
export interface CommittedState {
  readonly durable: boolean;
  profileByRef(workspace: string, ref: ProfileRef): ProfileRow | undefined;
  /** The insertion rank of a profile, without reading it. */
  profileSeq(workspace: string, brazeId: string): number | undefined;
  /** Owners of a normalised email (`emailKey`), by `seq`. */
  profilesByEmail(workspace: string, emailKey: string): ProfileRow[];
  /** Owners of an exact phone string, by `seq`. */
  profilesByPhone(workspace: string, phone: string): ProfileRow[];
  /** Profiles with `seq > afterSeq`, by `seq`, at most `limit`. */
  profilePage(workspace: string, afterSeq: number, limit: number): ProfileRow[];
  countProfiles(workspace: string): number;

  listMessages(workspace: string, query: MessageQuery): MessagePage;
  getDispatch(workspace: string, dispatchId: string): DispatchRecord | undefined;
  listSendIds(workspace: string): SendIdRecord[];
  getSchedule(workspace: string, scheduleId: string): ScheduleRecord | undefined;
  listSchedules(workspace: string, filter: ScheduleFilter): ScheduleRecord[];
  getTransactionalSend(workspace: string, campaignId: string, externalSendId: string): TransactionalSendRecord | undefined;
  listDue(workspace: string, untilMs: number, limit: number): DueItem[];
  nextDueMs(workspace: string): number | undefined;
  hasDueItem(workspace: string, id: string): boolean;

  /** Applies every workspace's changes at once, or none (rejecting with the reason). Durable on return. */
  commit(changes: ReadonlyMap<string, WorkspaceChanges>): void;
  /**
   * Optional group commit: several units' changes in one durable transaction (one fsync), each
   * all-or-nothing on its own (a savepoint each). Returns, per unit, `undefined` when it was
   * committed or the error that rolled it back; throws (committing none) when the transaction
   * itself fails. Stores whose commit costs nothing to wait for (memory) leave it out.
   */
  commitMany?(changes: readonly ReadonlyMap<string, WorkspaceChanges>[]): (unknown | undefined)[];
  close(): void;
}

/** Email lookups compare trimmed, lower-cased addresses (spec 8: "`email` items resolve case-insensitively"). */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/** The normalised email a profile is found by, if it has one. */
export function profileEmailKey(profile: ProfileRecord): string | undefined {
  const email = profile.attributes['email'];
  return typeof email === 'string' && email.trim() !== '' ? emailKey(email) : undefined;
}

/** The phone a profile is found by (an exact string), if it has one. */
export function profilePhone(profile: ProfileRecord): string | undefined {
  const phone = profile.attributes['phone'];
  return typeof phone === 'string' && phone !== '' ? phone : undefined;
}

/** Length-prefixed, so no label/name pair can collide with another. */
export function aliasKey(alias: { alias_name: string; alias_label: string }): string {
  return `${alias.alias_label.length}:${alias.alias_label}${alias.alias_name}`;
}

/** Rank of a kind among items due at one time (endpoints spec 2). */
export function dueKindRank(kind: DueItemKind): number {
  return DUE_ITEM_KINDS.indexOf(kind);
}

/** The one key of a transactional send's deduplication record within a workspace (endpoints spec 4.3). */
export function transactionalSendKey(campaignId: string, externalSendId: string): string {
  return JSON.stringify([campaignId, externalSendId]);
}

/** Whether a schedule matches every given filter of `GET /_mock/schedules`. */
export function matchesScheduleFilter(schedule: ScheduleRecord, filter: ScheduleFilter): boolean {
  return (
    (filter.campaign_id === undefined || schedule.campaign_id === filter.campaign_id) &&
    (filter.canvas_id === undefined || schedule.canvas_id === filter.canvas_id) &&
    (filter.state === undefined || schedule.state === filter.state)
  );
}

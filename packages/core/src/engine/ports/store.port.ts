import type { DispatchRecipient, DispatchRecord, MessageRecord, MessageSource } from '../../schema/responses.schema';
import type { UserAlias } from '../../schema/user-alias.schema';

/**
 * The durable state of every workspace, behind one port. The in-memory store (`engine/store`),
 * the SQLite store and any shared database implement it; `describeStoreContract` from
 * `@triggerkit/core/testing` is the executable definition of its behaviour.
 *
 * **Units of work.** Every write happens inside `store.unit(fn)`: whatever `fn` writes through its
 * `StoreUnit` commits together when `fn` resolves, and is durable before `unit` resolves; when `fn`
 * rejects (or the commit fails) nothing is written. One request of the engine is one unit, so a
 * request either commits all its writes or none ("no 5xx after a side effect").
 *
 * **Locks.** Per-profile serialisation (spec 3.3) is taken through the unit and held until it
 * ends: `lock(keys)` blocks and acquires in the canonical order (`compareLockKeys`), `tryLock(key)`
 * never blocks. In-process stores keep an in-process lock table; a shared database maps the same
 * keys onto its own transaction-scoped locks (PostgreSQL: `pg_advisory_xact_lock`), so many
 * processes on one database serialise exactly as one.
 *
 * Records are plain JSON-shaped data (ISO-8601 strings for times) so they map onto simple tables.
 * Messages and dispatch records are the wire shapes of spec 9, stored as given. What a store
 * returns is the caller's (mutating it changes nothing stored); what it is given inside a unit must
 * not be mutated until the unit has ended.
 */

/** Per-name counter of events or purchases (spec 8: "per-name counts and last times"). */
export interface ActivityCounter {
  count: number;
  /** ISO-8601 time of the earliest occurrence seen. */
  first_time: string;
  /** ISO-8601 time of the latest occurrence seen. */
  last_time: string;
  /** Purchases: Σ price × quantity (endpoints spec 6.3, 11); absent on counters recorded before it was kept. */
  revenue?: number;
}

/** One user profile as stored. */
export interface ProfileRecord {
  /** Assigned by the engine at creation; immutable; unique per workspace. */
  braze_id: string;
  /** Unique per workspace when present. */
  external_id?: string;
  /** Each alias belongs to at most one profile per workspace. */
  user_aliases: UserAlias[];
  /** Standard and custom attributes in one flat object; `email` and `phone` are indexed. */
  attributes: Record<string, unknown>;
  /** Custom events by name. */
  events: Record<string, ActivityCounter>;
  /** Purchases by `product_id`. */
  purchases: Record<string, ActivityCounter>;
  created_at: string;
  updated_at: string;
  /**
   * Profiles merged into this one (endpoints spec 6.3), whose message history is this profile's:
   * messages keep the recipient they were sent to, and reads follow these. Absent when none.
   */
  merged_profiles?: MergedProfile[];
}

/** A profile merged away: how its messages name it. */
export interface MergedProfile {
  braze_id: string;
  external_id?: string;
}

/** A direct identifier: resolves to at most one profile. Email and phone resolve through their lookups. */
export type ProfileRef = { external_id: string } | { braze_id: string } | { user_alias: UserAlias };

/** Filters of `GET /_mock/messages`; all given filters must match. */
export interface MessageFilter {
  campaign_id?: string | undefined;
  canvas_id?: string | undefined;
  external_user_id?: string | undefined;
  dispatch_id?: string | undefined;
  send_id?: string | undefined;
  /** Endpoints spec 14.6: the endpoint it came from (a message without `source` is `trigger`). */
  source?: MessageSource | undefined;
  schedule_id?: string | undefined;
}

/**
 * Every field a message list filters on (`MessageFilter`'s keys), in one place: each store indexes
 * these, and inspection reads them from the query string.
 */
export const MESSAGE_FILTER_FIELDS = ['campaign_id', 'canvas_id', 'external_user_id', 'dispatch_id', 'send_id', 'source', 'schedule_id'] as const satisfies readonly (keyof MessageFilter)[];
export type MessageFilterField = (typeof MESSAGE_FILTER_FIELDS)[number];

/** Order of a message page: `oldest` first (spec 9's default) or `newest` first. */
export type PageOrder = 'oldest' | 'newest';

/**
 * One page of messages. Cursors are message ids (exclusive) or a time: `after` an id (in
 * recording order), `before` an id, `since` an epoch-ms time (from the first message sent at or
 * after it; the engine's clock never moves backwards, so that is every message sent since).
 */
export interface MessageQuery extends MessageFilter {
  after?: string | undefined;
  before?: string | undefined;
  sinceMs?: number | undefined;
  order?: PageOrder | undefined;
  /** At most this many messages (the caller bounds it). */
  limit: number;
}

export interface MessagePage {
  messages: MessageRecord[];
  /** More messages match beyond this page (in the page's order). */
  more: boolean;
}

/** `after` / `before` named a message id the store does not hold (never existed, or dropped by retention). */
export class UnknownCursorError extends Error {
  override readonly name = 'UnknownCursorError';
  constructor(readonly cursor: string) {
    super(`No message with id ${cursor} (unknown, or dropped by retention)`);
  }
}

/** A page of profiles in insertion order; pass `next` back as `after` for the following page. */
export interface ProfilePage {
  profiles: ProfileRecord[];
  next: string | undefined;
}

export interface ProfilePageRequest {
  /** The `next` of the previous page; absent for the first page. */
  after?: string | undefined;
  limit: number;
}

/** A send id handed out by `/sends/id/create` (spec 8b). Not an idempotency key. */
export interface SendIdRecord {
  send_id: string;
  campaign_id: string;
  created_at: string;
}

/**
 * Kinds of due work, in the order items due at one time are processed (endpoints spec 2: writes
 * becoming visible, then schedule moments; then creation order).
 */
export const DUE_ITEM_KINDS = ['users_track', 'schedule_moment'] as const;
export type DueItemKind = (typeof DUE_ITEM_KINDS)[number];

/**
 * Work that is due later (spec 8's delayed `/users/track` writes, endpoints spec 5.2's schedule
 * moments). Due times are epoch milliseconds on the workspace's mock clock.
 */
export interface DueItemInput {
  kind: DueItemKind;
  due_ms: number;
  /** JSON data the engine reads back when the item is due. */
  payload: unknown;
}

export interface DueItem extends DueItemInput {
  /** Assigned by the store; items due at one time are processed in creation order. */
  id: string;
}

/** Endpoints spec 5.2: `scheduled` → `sending` (first moment run) → `completed` (last moment passed), or `deleted`. */
export const SCHEDULE_STATES = ['scheduled', 'sending', 'completed', 'deleted'] as const;
export type ScheduleState = (typeof SCHEDULE_STATES)[number];

/** A schedule's `schedule` object as validated (endpoints spec 5.1). */
export interface ScheduleSpec {
  time: string;
  in_local_time: boolean;
  at_optimal_time: boolean;
}

/** What the engine keeps about a schedule's run (not shown by inspection). */
export interface ScheduleProgress {
  /** Bumped by every update: due items of an older revision are stale and do nothing. */
  revision: number;
  /** Recipient lists: the dispatch entry of each request index decided so far. */
  recipients: DispatchRecipient[];
  /** Recipient lists: request indexes still to run, each with its moment (epoch ms). */
  waiting: { index: number; moment_ms: number }[];
  /** Broadcast / audience targets: profiles (braze ids) already run, each runs once. */
  done_profiles: string[];
  /** When the schedule was created or last updated (epoch ms, mock clock). */
  planned_ms: number;
}

/** One scheduled API-triggered delivery (endpoints spec 5, 14.2). */
export interface ScheduleRecord {
  schedule_id: string;
  dispatch_id: string;
  campaign_id?: string;
  canvas_id?: string;
  /** Campaigns: the request's `send_id`, or one generated for a broadcast. */
  send_id?: string;
  state: ScheduleState;
  schedule: ScheduleSpec;
  /** ISO-8601: the earliest / latest possible moment (fixed: the instant; local / optimal: W at UTC+14 / UTC−12). */
  first_moment: string;
  last_moment: string;
  created_at: string;
  updated_at: string;
  /** The create request as given (no `api_key`), its `schedule` replaced by each update. */
  request: Record<string, unknown>;
  /** Recipients (recipient lists) or moments (broadcasts) still to run. */
  pending: number;
  progress: ScheduleProgress;
}

/** Filters of `GET /_mock/schedules`; all given filters must match. */
export interface ScheduleFilter {
  campaign_id?: string | undefined;
  canvas_id?: string | undefined;
  state?: ScheduleState | undefined;
}

/**
 * Endpoints spec 4.3: a transactional send's deduplication key (workspace + `campaign_id` +
 * `external_send_id`) and the 201 body of the first accepted request, answered again until
 * `expires_ms`.
 */
export interface TransactionalSendRecord {
  campaign_id: string;
  external_send_id: string;
  /** The first accepted request's response body, JSON data. */
  response: Record<string, unknown>;
  /** Epoch ms on the workspace's mock clock: the key is forgotten from then on. */
  expires_ms: number;
}

/** How many of the newest records of a kind a workspace keeps (retention); older ones are dropped first. */
export interface Retention {
  keepNewest: number;
}

/** Reads of committed state. Every workspace is an isolated namespace (one never written to is empty). */
export interface StoreReader {
  /** The profile with this identifier, or `undefined`. */
  findProfile(workspace: string, ref: ProfileRef): Promise<ProfileRecord | undefined>;
  /** Every profile whose `attributes.email` equals `email` (both trimmed, compared case-insensitively), oldest first. */
  findProfilesByEmail(workspace: string, email: string): Promise<ProfileRecord[]>;
  /** Every profile whose `attributes.phone` is exactly `phone`, oldest first. */
  findProfilesByPhone(workspace: string, phone: string): Promise<ProfileRecord[]>;
  /** One page of the workspace's profiles, oldest first; a replaced profile keeps its place. */
  scanProfiles(workspace: string, page: ProfilePageRequest): Promise<ProfilePage>;
  countProfiles(workspace: string): Promise<number>;
  /** The schedule with this id (any state), or `undefined`. */
  getSchedule(workspace: string, scheduleId: string): Promise<ScheduleRecord | undefined>;
  /** The deduplication record of this key, expired or not (the caller compares `expires_ms`), or `undefined`. */
  getTransactionalSend(workspace: string, campaignId: string, externalSendId: string): Promise<TransactionalSendRecord | undefined>;
}

/** Reads that only inspection needs (outside units). */
export interface InspectionReader {
  /** Messages matching every filter, in the query's order, bounded by its limit and cursor. Rejects with `UnknownCursorError`. */
  listMessages(workspace: string, query: MessageQuery): Promise<MessagePage>;
  getDispatch(workspace: string, dispatchId: string): Promise<DispatchRecord | undefined>;
  listSendIds(workspace: string): Promise<SendIdRecord[]>;
  /** Schedules matching every filter, in creation order. */
  listSchedules(workspace: string, filter: ScheduleFilter): Promise<ScheduleRecord[]>;
  /** Pending items due at or before `untilMs`, by due time, then kind (`DUE_ITEM_KINDS` order), then creation, at most `limit`. */
  listDue(workspace: string, untilMs: number, limit: number): Promise<DueItem[]>;
  /** The earliest due time of the workspace's pending items. */
  nextDueMs(workspace: string): Promise<number | undefined>;
}

/**
 * What one unit of work sees and does. Reads see the unit's own writes. Writes become visible to
 * others only when the unit commits.
 */
export interface StoreUnit extends StoreReader {
  /**
   * Blocks until this unit holds every key, acquiring them in `compareLockKeys` order. To stay
   * deadlock-free, call it first with no key held, or later only with keys that sort after every
   * key already held (in-process stores reject a call that breaks this with `LockOrderError`).
   */
  lock(keys: readonly string[]): Promise<void>;
  /** Takes `key` if no other unit holds it; never waits. True also when this unit already holds it. */
  tryLock(key: string): Promise<boolean>;
  /** Whether this unit holds `key`. */
  holds(key: string): boolean;

  /**
   * Insert or replace (by `braze_id`) one profile with its indexes. Rejects with
   * `StoreConflictError` when its `external_id` or one of its aliases belongs to another profile.
   */
  saveProfile(workspace: string, profile: ProfileRecord): Promise<void>;
  /** Removes a profile, freeing its `external_id` and aliases. False when there was none. */
  deleteProfile(workspace: string, brazeId: string): Promise<boolean>;
  /** Append messages in the given order (ids unique per workspace), keeping the newest `retention.keepNewest`. */
  appendMessages(workspace: string, messages: readonly MessageRecord[], retention: Retention): Promise<void>;
  /** Insert or replace (by `dispatch_id`), keeping the newest `retention.keepNewest` dispatch records. */
  saveDispatch(workspace: string, dispatch: DispatchRecord, retention: Retention): Promise<void>;
  /** Record a send id (no uniqueness: a send id may be created again). */
  saveSendId(workspace: string, record: SendIdRecord): Promise<void>;
  /** Insert or replace (by `schedule_id`); a replaced schedule keeps its place in creation order. */
  saveSchedule(workspace: string, schedule: ScheduleRecord): Promise<void>;
  /**
   * Insert or replace (by campaign and `external_send_id`) a deduplication record, and drop the
   * workspace's records with `expires_ms <= expiredBeforeMs`, so expired keys never accumulate.
   */
  saveTransactionalSend(workspace: string, record: TransactionalSendRecord, expiredBeforeMs: number): Promise<void>;
  /** Persist an item to process later. */
  addDueItem(workspace: string, item: DueItemInput): Promise<void>;
  /** Removes a pending item; false when it is gone already (processed by someone else, or reset). */
  deleteDueItem(workspace: string, id: string): Promise<boolean>;
  /** Empty the workspace (profiles, messages, dispatches, send ids, schedules, transactional sends, due items), then save `seeds` in order. */
  resetWorkspace(workspace: string, seeds: readonly ProfileRecord[]): Promise<void>;
}

/** The store port. */
export interface Store extends StoreReader, InspectionReader {
  /**
   * Runs `fn` as one unit of work and commits what it wrote; nothing is written when it rejects.
   * The promise resolves once the commit is durable. `fn` may be run again (a store may retry a
   * unit that lost a race), so it must have no effect outside the unit.
   * Store failures (disk full, locked, corrupt, closed) reject with `StoreUnavailableError`.
   */
  unit<T>(fn: (tx: StoreUnit) => Promise<T>): Promise<T>;
  /** True when committed state survives the process (SQLite file, a database); false for memory. */
  readonly durable: boolean;
  /** Release resources. Further calls reject with `StoreUnavailableError`. */
  close(): Promise<void>;
}

/** The one order in which lock keys are acquired (UTF-16 code units, like `Array.prototype.sort`). */
export function compareLockKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `saveProfile` would give an `external_id` or alias to a second profile. */
export class StoreConflictError extends Error {
  override readonly name = 'StoreConflictError';
  constructor(
    readonly workspace: string,
    readonly field: 'external_id' | 'user_alias',
    readonly value: string,
  ) {
    super(`${field} ${value} already belongs to another profile in workspace ${workspace}`);
  }
}

/** `lock()` was asked to wait for a key that sorts before one the unit holds: a possible deadlock, refused. */
export class LockOrderError extends Error {
  override readonly name = 'LockOrderError';
  constructor(
    readonly key: string,
    readonly held: string,
  ) {
    super(`Refusing to wait for lock ${JSON.stringify(key)} while holding ${JSON.stringify(held)}, which sorts after it`);
  }
}

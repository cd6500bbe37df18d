import type { DispatchRecord, MessageRecord } from '../../schema/responses.schema';
import type { UserAlias } from '../../schema/user-alias.schema';

/**
 * The durable state of every workspace, behind one port. The in-memory store (`engine/store`),
 * the SQLite store and any future shared database implement it; `describeStoreContract` from
 * `@triggerkit/core/testing` is the executable definition of its behaviour.
 *
 * Records are plain JSON-shaped data (ISO-8601 strings for times) so they map onto simple tables.
 * Messages and dispatch records are the wire shapes of spec 9 (`MessageRecord`, `DispatchRecord`
 * from the schemas), stored as given.
 * A store never hands out its internal objects: what it returns may be mutated freely by the caller,
 * and what it is given is copied.
 *
 * Serialising concurrent work on one profile is the engine's job (`ProfileLocks`); a store only
 * guarantees that each call is atomic on its own.
 */


/** Per-name counter of events or purchases (spec 8: "per-name counts and last times"). */
export interface ActivityCounter {
  count: number;
  /** ISO-8601 time of the earliest occurrence seen. */
  first_time: string;
  /** ISO-8601 time of the latest occurrence seen. */
  last_time: string;
}

/** One user profile as stored. */
export interface ProfileRecord {
  /** Assigned by the engine at creation; immutable; unique per workspace. */
  braze_id: string;
  /** Unique per workspace when present. */
  external_id?: string;
  /** Each alias belongs to at most one profile per workspace. */
  user_aliases: UserAlias[];
  /** Standard and custom attributes in one flat object; `attributes.email` and `attributes.phone` are what email and phone lookup index. */
  attributes: Record<string, unknown>;
  /** Custom events by name. */
  events: Record<string, ActivityCounter>;
  /** Purchases by `product_id`. */
  purchases: Record<string, ActivityCounter>;
  created_at: string;
  updated_at: string;
}

/** A direct identifier: resolves to at most one profile. Email and phone resolve through `findProfilesByEmail` / `findProfilesByPhone`. */
export type ProfileRef = { external_id: string } | { braze_id: string } | { user_alias: UserAlias };

/** Filters of `GET /_mock/messages`; all given filters must match. */
export interface MessageFilter {
  campaign_id?: string | undefined;
  canvas_id?: string | undefined;
  external_user_id?: string | undefined;
  dispatch_id?: string | undefined;
  send_id?: string | undefined;
}

/** A send id handed out by `/sends/id/create` (spec 8b). Not an idempotency key. */
export interface SendIdRecord {
  send_id: string;
  campaign_id: string;
  created_at: string;
}

/**
 * The store port. Every method is async; every workspace is an isolated namespace (a workspace
 * that was never written to is simply empty). Uniqueness of `braze_id`, `external_id` and each
 * alias is per workspace.
 */
export interface Store {
  /** The profile with this identifier, or `undefined`. */
  findProfile(workspace: string, ref: ProfileRef): Promise<ProfileRecord | undefined>;
  /** Every profile whose `attributes.email` equals `email` (compared case-insensitively), oldest first. */
  findProfilesByEmail(workspace: string, email: string): Promise<ProfileRecord[]>;
  /** Every profile whose `attributes.phone` is exactly `phone` (spec 8, Rev 2: no normalisation), oldest first. */
  findProfilesByPhone(workspace: string, phone: string): Promise<ProfileRecord[]>;
  /**
   * Insert or replace (by `braze_id`) one profile, updating every index atomically.
   * Rejects with `StoreConflictError` when its `external_id` or one of its aliases belongs to another profile.
   */
  saveProfile(workspace: string, profile: ProfileRecord): Promise<void>;
  /** Every profile of the workspace, oldest first (broadcast). */
  scanProfiles(workspace: string): AsyncIterable<ProfileRecord>;
  countProfiles(workspace: string): Promise<number>;

  /** Append messages (in the given order). Message ids are unique per workspace. */
  appendMessages(workspace: string, messages: readonly MessageRecord[]): Promise<void>;
  /** Messages matching every given filter, oldest (first appended) first. */
  listMessages(workspace: string, filter?: MessageFilter): Promise<MessageRecord[]>;

  /** Insert or replace (by `dispatch_id`). */
  saveDispatch(workspace: string, dispatch: DispatchRecord): Promise<void>;
  getDispatch(workspace: string, dispatchId: string): Promise<DispatchRecord | undefined>;

  /** Record a send id (no uniqueness: a send id may be created again). */
  saveSendId(workspace: string, record: SendIdRecord): Promise<void>;
  listSendIds(workspace: string): Promise<SendIdRecord[]>;

  /** Empty the workspace (profiles, messages, dispatches, send ids), then save `seedProfiles` in order. */
  reset(workspace: string, seedProfiles: readonly ProfileRecord[]): Promise<void>;
  /** Release resources. Further calls may reject. */
  close(): Promise<void>;
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

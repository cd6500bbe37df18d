import type { DeliveryDefinition, MockServerConfig, MockSettings } from '../schema/mock-config.schema';
import type { TransactionalSendResponse } from '../schema/transactional-send.schema';
import type { MessagesSendResponse } from '../schema/messages-send.schema';
import type { UsersExportIdsResponse } from '../schema/users-export.schema';
import type { AliasesProcessedResponse, SuccessResponse, UsersDeleteResponse } from '../schema/user-lifecycle.schema';
import type { WriteOutcome } from './users/user-writes.engine';
import type { UserListQuery, UsersListResponse } from './users/users-list.engine';
import type { SubscriptionStatusResponse, UserSubscriptionsResponse } from './subscriptions/subscription-status.engine';
import type { PostbacksResponse, PostbackTransport } from './transactional/postbacks';
import type { DispatchRecord, MessagesResponse, SendsIdCreateResponse, TriggerSendResponse, UsersTrackResponse, UserView } from '../schema/responses.schema';
import type { DueProcessed, ProcessDueOptions } from './due/due-work.scheduler';
import type { ClockAdvanceResponse, MockClockResponse } from '../schema/mock-clock.schema';
import type { ScheduleChangeResponse, ScheduleCreateResponse, ScheduledBroadcastsResponse, SchedulesResponse, ScheduleView } from '../schema/schedule.schema';
import type { ScheduleFilter } from './ports/store.port';
import type { MessageFilter, PageOrder, ProfileRecord, Store } from './ports/store.port';
import type { LiquidRenderer } from './render/liquid.renderer';
import type { Clock } from './support/clock';
import type { IdSource } from './support/ids';

/** Messages and dispatch records a workspace keeps by default (newest first kept; profiles always stay). */
export const DEFAULT_MAX_MESSAGES = 10_000;
/** Items in one page of an inspection list when no `limit` is given, and the largest `limit` allowed. */
export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 1_000;

/** Paging of an inspection list: at most `limit` items, after or before an item id, or since a time (epoch ms). */
export interface PageQuery {
  /** 1 to `MAX_PAGE_LIMIT`; default `DEFAULT_PAGE_LIMIT`. */
  limit?: number | undefined;
  after?: string | undefined;
  before?: string | undefined;
  since?: number | undefined;
  /** `oldest` first (default, spec 9) or `newest` first. */
  order?: PageOrder | undefined;
}

/** `GET /_mock/messages` filters and paging. */
export type MessageListQuery = MessageFilter & PageQuery;

/** A user write the engine accepted: the response to answer, and the id its outcomes are kept under. */
export interface AcceptedWrite<R> {
  response: R;
  write_id: string;
}

/** Endpoints spec 14.4: a user write's visibility and per-item outcomes. */
export interface WriteStatus {
  /** ISO-8601 on the workspace's clock; null while pending. */
  applied_at: string | null;
  outcomes: WriteOutcome[];
}

/** How many write statuses a workspace keeps (the newest); the journal keeps 1,000 requests by default. */
export const WRITE_STATUSES_KEPT = 10_000;

/** `GET /_mock/users/{external_id}` (spec 9's `UserView`) plus the per-name event and purchase counters. */
export type UserInspection = UserView & Pick<ProfileRecord, 'events' | 'purchases'>;

/**
 * The server-side behaviour of spec 3–9, minus HTTP (auth, permissions, rate limits, body size,
 * JSON parsing are the HTTP handler's). `workspace` is the name of the workspace the API key belongs to.
 *
 * Every method either resolves with the exact success body or rejects with a `TriggerKitError`
 * subclass carrying the spec's status and message (`ValidationError` 400, `NotFoundError` 404).
 * An unknown workspace name rejects with `NotFoundError`.
 */
export interface Engine {
  /** `POST /campaigns/trigger/send`. `body` is the parsed JSON (any value; validated here, `api_key` already removed). */
  triggerCampaign(workspace: string, body: unknown): Promise<TriggerSendResponse>;
  /** `POST /canvas/trigger/send`. A paused or archived canvas resolves with a `notice` and processes nothing. */
  triggerCanvas(workspace: string, body: unknown): Promise<TriggerSendResponse>;
  /** `POST /users/track`. Writes become visible after the workspace's propagation delay. */
  trackUsers(workspace: string, body: unknown): Promise<UsersTrackResponse>;
  /** `POST /sends/id/create`. */
  createSendId(workspace: string, body: unknown): Promise<SendsIdCreateResponse>;

  /**
   * `POST /campaigns/trigger/schedule/create` (endpoints spec 5.1): TS §3.2 rules 1–13, rules
   * 14–16 on the workspace's mock clock, then the campaign checks. Moments run later through the
   * same pipeline as `triggerCampaign`, their messages `source: 'schedule'`.
   */
  createCampaignSchedule(workspace: string, body: unknown): Promise<ScheduleCreateResponse>;
  /** `POST /campaigns/trigger/schedule/update` (endpoints spec 5.3). */
  updateCampaignSchedule(workspace: string, body: unknown): Promise<ScheduleChangeResponse>;
  /** `POST /campaigns/trigger/schedule/delete` (endpoints spec 5.4): recipients not yet run are skipped `canceled`. */
  deleteCampaignSchedule(workspace: string, body: unknown): Promise<ScheduleChangeResponse>;
  /** `POST /canvas/trigger/schedule/create`: a paused or archived canvas is scheduled, with TS §4's `notice`. */
  createCanvasSchedule(workspace: string, body: unknown): Promise<ScheduleCreateResponse>;
  /** `POST /canvas/trigger/schedule/update`. */
  updateCanvasSchedule(workspace: string, body: unknown): Promise<ScheduleChangeResponse>;
  /** `POST /canvas/trigger/schedule/delete`. */
  deleteCanvasSchedule(workspace: string, body: unknown): Promise<ScheduleChangeResponse>;
  /** `GET /messages/scheduled_broadcasts` (endpoints spec 5.5); `query` as parsed from the query string. */
  listScheduledBroadcasts(workspace: string, query: Readonly<Record<string, unknown>>): Promise<ScheduledBroadcastsResponse>;
  /** `GET /subscription/status/get` (endpoints spec 12): each user's state in one group; `query` as parsed from the query string. */
  getSubscriptionStatus(workspace: string, query: Readonly<Record<string, unknown>>): Promise<SubscriptionStatusResponse>;
  /** `GET /subscription/user/status` (endpoints spec 12): the groups each queried user has history in. */
  listUserSubscriptions(workspace: string, query: Readonly<Record<string, unknown>>): Promise<UserSubscriptionsResponse>;
  /** `GET /_mock/schedules` (endpoints spec 14.2), in creation order. */
  listSchedules(workspace: string, filter?: ScheduleFilter): Promise<SchedulesResponse>;
  /** `GET /_mock/schedules/{id}`; unknown → `NotFoundError` ("Schedule not found"). */
  getSchedule(workspace: string, scheduleId: string): Promise<ScheduleView>;
  /**
   * `POST /messages/send` (endpoints spec 3): content in the request, to listed users or a
   * broadcast to a configured segment and/or an audience; profiles are never created or changed.
   * Each target gets one dispatch entry per message object (`message_type`).
   */
  sendMessages(workspace: string, body: unknown): Promise<MessagesSendResponse>;
  /**
   * `POST /users/export/ids` (endpoints spec 11): visible profiles by the identifiers given, with
   * the fields asked for (`fields_to_export`, required unless the workspace's
   * `export_fields_required` is false). Read-only.
   */
  exportUsers(workspace: string, body: unknown): Promise<UsersExportIdsResponse>;
  /**
   * `POST /users/identify` (endpoints spec 7). Like every user write of spec 7–10 and the
   * subscription POSTs, the request is validated whole (400, nothing written), then queued with
   * the `/users/track` propagation delay (spec 6.2) and applied item by item when visible; each
   * item's outcome is `writeStatus(workspace, write_id)`.
   */
  identifyUsers(workspace: string, body: unknown): Promise<AcceptedWrite<AliasesProcessedResponse>>;
  /** `POST /users/alias/new` (endpoints spec 8). */
  createAliases(workspace: string, body: unknown): Promise<AcceptedWrite<AliasesProcessedResponse>>;
  /** `POST /users/alias/update` (endpoints spec 8). */
  updateAliases(workspace: string, body: unknown): Promise<AcceptedWrite<SuccessResponse>>;
  /** `POST /users/delete` (endpoints spec 9): `deleted` counts the distinct identifiers accepted. */
  deleteUsers(workspace: string, body: unknown): Promise<AcceptedWrite<UsersDeleteResponse>>;
  /** `POST /users/merge` (endpoints spec 10), answered 202. */
  mergeUsers(workspace: string, body: unknown): Promise<AcceptedWrite<SuccessResponse>>;
  /** `POST /subscription/status/set` (endpoints spec 12, v1). */
  setSubscriptionStatus(workspace: string, body: unknown): Promise<AcceptedWrite<SuccessResponse>>;
  /** `POST /v2/subscription/status/set` (endpoints spec 12). */
  setSubscriptionStatusV2(workspace: string, body: unknown): Promise<AcceptedWrite<SuccessResponse>>;
  /**
   * What an accepted user write did (endpoints spec 14.4): `applied_at` null while it waits for
   * visibility, then its per-item outcomes. Undefined for an id this process does not know (never
   * seen, or one of the oldest beyond `WRITE_STATUSES_KEPT`, or before a reset).
   */
  writeStatus(workspace: string, writeId: string): WriteStatus | undefined;
  /**
   * `POST /transactional/v1/campaigns/{campaign_id}/send` (endpoints spec 4): one recipient,
   * created from `external_user_id` + `attributes` when missing, no segment or subscription check;
   * a repeat `external_send_id` within 24 hours (mock clock) answers the first 201 again. Postbacks
   * go to the workspace's URL after the answer.
   */
  sendTransactional(workspace: string, campaignId: string, body: unknown): Promise<TransactionalSendResponse>;
  /** `GET /_mock/postbacks` (endpoints spec 14.3): every attempt, oldest first. */
  listPostbacks(workspace: string): Promise<PostbacksResponse>;
  /** `GET /_mock/settings`: the workspace's settings now. */
  getSettings(workspace: string): Promise<MockSettings>;
  /** `PUT /_mock/settings` (endpoints spec 14.7): not an `http:` / `https:` URL → `ValidationError` "Bad Request". */
  putSettings(workspace: string, body: unknown): Promise<MockSettings>;
  /** Resolves when every postback queued so far has been attempted. */
  drainPostbacks(workspace: string): Promise<void>;

  /**
   * `GET /_mock/messages`: one page, oldest first unless `order: 'newest'`; `next_after` /
   * `next_before` when more match. An unknown `after` / `before` id → `ValidationError`.
   */
  listMessages(workspace: string, query?: MessageListQuery): Promise<MessagesResponse>;
  /** `GET /_mock/dispatches/{id}`; unknown id → `NotFoundError` ("Not Found"). */
  getDispatch(workspace: string, dispatchId: string): Promise<DispatchRecord>;
  /**
   * `GET /_mock/users` (endpoints spec 14.5): visible profiles in creation order, paged by
   * `next_after`, or those the filters name (`braze_id`, `email`, `phone`, `alias_label` +
   * `alias_name`), profiles without an external id included.
   */
  listUsers(workspace: string, query: UserListQuery): Promise<UsersListResponse>;
  /** `GET /_mock/users/{external_id}`; unknown or not yet visible → `NotFoundError` ("User not found"). */
  getUser(workspace: string, externalId: string): Promise<UserInspection>;
  /** `POST /_mock/reset`: seed users as at start, nothing else; pending `/users/track` writes and schedules are dropped, the mock clock restarts. Campaigns stay. */
  reset(workspace: string): Promise<void>;
  /** `PUT /_mock/campaigns/{id}`: validate (400 `Bad Request` with path errors), store, return the stored definition. */
  putCampaign(workspace: string, id: string, definition: unknown): Promise<DeliveryDefinition>;
  /** `PUT /_mock/canvases/{id}`. */
  putCanvas(workspace: string, id: string, definition: unknown): Promise<DeliveryDefinition>;

  /** Names of the configured workspaces. */
  workspaceNames(): string[];
  /** `GET /_mock/clock` (endpoints spec 2): the workspace's mock clock. */
  getClock(workspace: string): Promise<MockClockResponse>;
  /**
   * `POST /_mock/clock/advance`: `{ms}` or `{to}` (else `ValidationError` "Bad Request"; `to`
   * before now → "The mock clock cannot go backwards"). Processes every due item up to the target
   * in due order, the clock set to each item's time, then sets the clock to the target.
   */
  advanceClock(workspace: string, body: unknown): Promise<ClockAdvanceResponse>;
  /**
   * Processes the workspace's due work (delayed `/users/track` writes) due at or before `untilMs`
   * (engine clock, epoch ms), in due order; `beforeEach` sees each item's due time first (a mock
   * clock moves there). The system timer does this by itself; a mock clock's advance calls it.
   */
  processDue(workspace: string, untilMs: number, options?: ProcessDueOptions): Promise<DueProcessed>;
  /** Makes every `/users/track` write accepted so far visible now, and waits for it (tests, shutdown of a memory store). */
  drainPropagation(): Promise<void>;
  /** Stops the due-work timers and closes the store; pending writes stay in a durable store. Idempotent. */
  close(): Promise<void>;
}

export interface EngineOptions {
  /** The validated mock-server configuration (`validateMockServerConfig(...).value`). */
  config: MockServerConfig;
  /** Default: a new in-memory store. */
  store?: Store;
  /**
   * System time. Default: the system clock. Each workspace's mock clock (config `clock`, endpoints
   * spec 2) reads it in `system` mode (plus the advanced offset); times of records, `/users/track`
   * delays and schedules are on the mock clock.
   */
  clock?: Clock;
  /** Default: random ids. */
  ids?: IdSource;
  /** Default: `createLiquidRenderer()`. */
  renderer?: LiquidRenderer;
  /** Messages and dispatch records kept per workspace, oldest dropped first. Default `DEFAULT_MAX_MESSAGES` (10,000). */
  maxMessages?: number;
  /**
   * The config's seed users at start: `'if-empty'` (default) saves them into a workspace that has
   * no profiles yet, so a persistent store keeps its data across restarts; `'reset'` resets every
   * workspace to them.
   */
  seed?: 'if-empty' | 'reset';
  /** The timer that wakes due work (delayed `/users/track` writes). Default: `setTimeout` / `clearTimeout` (fake timers work). */
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** How postbacks are POSTed (default: `fetch`); their timeout, 5,000 ms by default (endpoints spec 4.4). */
  postbackTransport?: PostbackTransport;
  postbackTimeoutMs?: number;
  /** Where a failing delayed `/users/track` write is reported (it stays pending and is retried). Default: ignored. */
  onPropagationError?: (error: unknown) => void;
}

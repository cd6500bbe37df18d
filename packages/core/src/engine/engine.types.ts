import type { DeliveryDefinition, MockServerConfig } from '../schema/mock-config.schema';
import type { DispatchRecord, MessagesResponse, SendsIdCreateResponse, TriggerSendResponse, UsersTrackResponse, UserView } from '../schema/responses.schema';
import type { ProfileLocks } from './ports/profile-locks.port';
import type { MessageFilter, ProfileRecord, Store } from './ports/store.port';
import type { LiquidRenderer } from './render/liquid.renderer';
import type { Clock } from './support/clock';
import type { IdSource } from './support/ids';

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

  /** `GET /_mock/messages`, oldest first. */
  listMessages(workspace: string, filter?: MessageFilter): Promise<MessagesResponse>;
  /** `GET /_mock/dispatches/{id}`; unknown id → `NotFoundError` ("Not Found"). */
  getDispatch(workspace: string, dispatchId: string): Promise<DispatchRecord>;
  /** `GET /_mock/users/{external_id}`; unknown or not yet visible → `NotFoundError` ("User not found"). */
  getUser(workspace: string, externalId: string): Promise<UserInspection>;
  /** `POST /_mock/reset`: seed users as at start, nothing else; pending `/users/track` writes are dropped. Campaigns stay. */
  reset(workspace: string): Promise<void>;
  /** `PUT /_mock/campaigns/{id}`: validate (400 `Bad Request` with path errors), store, return the stored definition. */
  putCampaign(workspace: string, id: string, definition: unknown): Promise<DeliveryDefinition>;
  /** `PUT /_mock/canvases/{id}`. */
  putCanvas(workspace: string, id: string, definition: unknown): Promise<DeliveryDefinition>;

  /** Names of the configured workspaces. */
  workspaceNames(): string[];
  /** Makes every `/users/track` write accepted so far visible now, and waits for it (tests, shutdown). */
  drainPropagation(): Promise<void>;
  /** Drop pending `/users/track` writes and close the store. Idempotent. */
  close(): Promise<void>;
}

export interface EngineOptions {
  /** The validated mock-server configuration (`validateMockServerConfig(...).value`). */
  config: MockServerConfig;
  /** Default: a new in-memory store. */
  store?: Store;
  /** Default: the system clock. Times of records and `/users/track` delays use it. */
  clock?: Clock;
  /** Default: random ids. */
  ids?: IdSource;
  /** Default: `createLiquidRenderer()`. */
  renderer?: LiquidRenderer;
  /** Default: in-process locks. */
  locks?: ProfileLocks;
  /**
   * The config's seed users at start: `'if-empty'` (default) saves them into a workspace that has
   * no profiles yet, so a persistent store keeps its data across restarts; `'reset'` resets every
   * workspace to them.
   */
  seed?: 'if-empty' | 'reset';
  /** Timers of the `/users/track` propagation queues. Default: `setTimeout` / `clearTimeout` (fake timers work). */
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** Where a failing delayed `/users/track` write is reported. Default: ignored. */
  onPropagationError?: (error: unknown) => void;
}

import { MESSAGES, ValidationError } from '../../errors';
import { isPlainObject } from '../../schema';
import { rateLimitTargetOf } from '../http/rate-limit-class.http';
import { BRAZE_ENDPOINTS, type BrazeEndpointPath } from '../http/routes.http';
import { type ClientHooks } from './client-hooks.types';
import { type BatchMode, type BatchSendResult, type CreateAndSendRequest, type UpdateAndSendRequest, sendInBatches } from './create-and-send.client';
import { type FetchFunction } from './fetch-attempt.client';
import { defaultTransport, fetchTransport } from './http-transport.client';
import { type ClientTarget, resolveBaseUrl } from './instances.client';
import { type RateLimitClass, RateLimitTracker, type RateLimitWindow } from './rate-limit-tracker.client';
import type { UsersTrackBatchMode } from '../../schema/users-track.schema';
import { type EndpointCall, RequestExecutor } from './request-executor.client';
import {
  type RequestValidator,
  validateCampaignTriggerSendBody,
  validateCanvasTriggerSendBody,
  validateSendsIdCreateBody,
  validateTransactionalSendCall,
  validateMessagesSendBody,
  validateScheduledBroadcastsCall,
  validateUsersExportIdsBody,
  scheduleValidators,
  usersTrackBodyValidator,
} from './request-validation.client';
import { parseMessagesSendResponse, parseScheduledBroadcastsResponse, parseUsersExportIdsResponse, parseScheduleChangeResponse, parseScheduleCreateResponse, parseSendsIdCreateResponse, parseTransactionalSendResponse, parseTriggerSendResponse, parseUsersTrackResponse, type ResponseParser } from './response-parsing.client';
import type { TransactionalSendBody, TransactionalSendResponse } from '../../schema/transactional-send.schema';
import type { MessagesSendRequestInput, MessagesSendResponse } from '../../schema/messages-send.schema';
import type { UsersExportIdsRequestInput, UsersExportIdsResponse } from '../../schema/users-export.schema';
import type {
  CampaignScheduleCreateRequestInput,
  CampaignScheduleDeleteRequestInput,
  CampaignScheduleUpdateRequestInput,
  CanvasScheduleCreateRequestInput,
  CanvasScheduleDeleteRequestInput,
  CanvasScheduleUpdateRequestInput,
  ScheduleChangeResponse,
  ScheduleCreateResponse,
  ScheduledBroadcastsResponse,
} from '../../schema/schedule.schema';
import { resolveRetryPolicy, type RetryOptions } from './retry-policy.client';
import { MAX_TIMER_MS, type Sleep, sleep as defaultSleep } from './sleep.client';
import {
  type CampaignTriggerSendRequest,
  type CanvasTriggerSendRequest,
  type SendsIdCreateRequest,
  type TriggerSendResponse,
  type UsersTrackRequest,
  type UsersTrackResponse,
  type SendsIdCreateResponse,
} from './wire-types.client';

export type TriggerKitClientOptions = ClientTarget & {
  /** A REST API key of the workspace. */
  apiKey: string;
  /** Per attempt, response body included. Default 30 s; at most 2^31 - 1 (a timer's limit). */
  timeoutMs?: number;
  /** Retry behaviour (spec 12); `false` turns retries off. */
  retry?: RetryOptions | false;
  /** Requests in flight at once for `createAndSend` / `updateAndSend`. Default 4. */
  maxConcurrency?: number;
  /**
   * How requests are sent. Default: on Node, undici's pooled `request` (keep-alive); elsewhere the
   * platform `fetch`. Pass a `fetch` to send through it instead (a proxy, a test double).
   */
  fetch?: FetchFunction;
  /** Send the key as `api_key` in the JSON body (older Braze docs) instead of `Authorization: Bearer`. */
  legacyBodyAuth?: boolean;
  /**
   * How the workspace counts `/users/track`'s 75 objects, for local validation: `combined`
   * (default, Braze's current limit across the three arrays) or `per_array` (legacy rate limits).
   */
  usersTrackBatch?: UsersTrackBatchMode;
  hooks?: ClientHooks;
  /** Test seams: how to wait, the jitter source and the clock. */
  sleep?: Sleep;
  random?: () => number;
  now?: () => number;
};

/** Per-call options. */
export interface CallOptions {
  /** Aborts the call, including retry and rate-limit waits, with `AbortError`. */
  signal?: AbortSignal;
  /**
   * `false` sends the body as given, skipping the local validation, so the server's own answer
   * comes back (contract tests, exercising a server's validation). Default `true`.
   */
  validate?: boolean;
}

export interface BatchCallOptions extends CallOptions {
  /** Overrides the client's `maxConcurrency` for this call. */
  maxConcurrency?: number;
}

interface Endpoint<Res> {
  path: BrazeEndpointPath;
  permission: string;
  validate: RequestValidator;
  parse: ResponseParser<Res>;
}

/** An endpoint as the client calls it; the permission named in a 403 comes from the server's own route table. */
function endpoint<Res>(path: BrazeEndpointPath, validate: RequestValidator, parse: ResponseParser<Res>): Endpoint<Res> {
  return { path, permission: BRAZE_ENDPOINTS[path].permission, validate, parse };
}

const ENDPOINTS = {
  campaignTrigger: endpoint('/campaigns/trigger/send', validateCampaignTriggerSendBody, parseTriggerSendResponse),
  canvasTrigger: endpoint('/canvas/trigger/send', validateCanvasTriggerSendBody, parseTriggerSendResponse),
  sendsIdCreate: endpoint('/sends/id/create', validateSendsIdCreateBody, parseSendsIdCreateResponse),
  campaignScheduleCreate: endpoint('/campaigns/trigger/schedule/create', scheduleValidators.campaignCreate, parseScheduleCreateResponse),
  campaignScheduleUpdate: endpoint('/campaigns/trigger/schedule/update', scheduleValidators.campaignUpdate, parseScheduleChangeResponse),
  campaignScheduleDelete: endpoint('/campaigns/trigger/schedule/delete', scheduleValidators.campaignDelete, parseScheduleChangeResponse),
  canvasScheduleCreate: endpoint('/canvas/trigger/schedule/create', scheduleValidators.canvasCreate, parseScheduleCreateResponse),
  canvasScheduleUpdate: endpoint('/canvas/trigger/schedule/update', scheduleValidators.canvasUpdate, parseScheduleChangeResponse),
  canvasScheduleDelete: endpoint('/canvas/trigger/schedule/delete', scheduleValidators.canvasDelete, parseScheduleChangeResponse),
  transactionalSend: endpoint('/transactional/v1/campaigns/{campaign_id}/send', validateTransactionalSendCall, parseTransactionalSendResponse),
  messagesSend: endpoint('/messages/send', validateMessagesSendBody, parseMessagesSendResponse),
  scheduledBroadcasts: endpoint('/messages/scheduled_broadcasts', validateScheduledBroadcastsCall, parseScheduledBroadcastsResponse),
  usersExportIds: endpoint('/users/export/ids', validateUsersExportIdsBody, parseUsersExportIdsResponse),
};

/**
 * A typed client for Braze-style API-triggered delivery (Braze itself, the triggerkit mock server,
 * or a proxy). Every request is validated locally with the server's own rules before anything is
 * sent; failures are typed errors carrying the response; retries never risk a duplicate send
 * unless asked to (spec 12); rate-limit headers are honoured per class (spec 5).
 *
 * @example
 * const client = new TriggerKitClient({ instance: 'US-03', apiKey: process.env.BRAZE_API_KEY! });
 * const { dispatch_id } = await client.campaigns.triggerSend({
 *   campaign_id: 'order-confirmation',
 *   recipients: [{ external_user_id: 'u-1', trigger_properties: { order_id: 'A-17' } }],
 * });
 */
export class TriggerKitClient {
  readonly #executor: RequestExecutor;
  readonly #tracker = new RateLimitTracker();
  readonly #maxConcurrency: number;
  readonly #now: () => number;
  readonly #usersTrack: Endpoint<UsersTrackResponse>;

  readonly campaigns = {
    /**
     * `POST /campaigns/trigger/send`.
     *
     * @example
     * await client.campaigns.triggerSend({ campaign_id: 'welcome', recipients: [{ external_user_id: 'u-1' }] });
     */
    triggerSend: (request: CampaignTriggerSendRequest, options?: CallOptions): Promise<TriggerSendResponse> =>
      this.#call(ENDPOINTS.campaignTrigger, request, options),
    /**
     * Scheduled triggers (endpoints spec 5). `create` is not retried on 500 / 504 / timeouts (a
     * repeat schedules twice) unless `retry.riskDuplicates`; `update` and `delete` are, since a
     * repeat changes nothing. Whether the time has passed is the server's to say (its clock).
     *
     * @example
     * const { schedule_id } = await client.campaigns.schedule.create({
     *   campaign_id: 'cart-reminder',
     *   recipients: [{ external_user_id: 'u-1' }],
     *   schedule: { time: '2026-05-05T09:00:00Z' },
     * });
     */
    schedule: {
      create: (request: CampaignScheduleCreateRequestInput, options?: CallOptions): Promise<ScheduleCreateResponse> => this.#call(ENDPOINTS.campaignScheduleCreate, request, options),
      update: (request: CampaignScheduleUpdateRequestInput, options?: CallOptions): Promise<ScheduleChangeResponse> =>
        this.#call(ENDPOINTS.campaignScheduleUpdate, request, options, true),
      delete: (request: CampaignScheduleDeleteRequestInput, options?: CallOptions): Promise<ScheduleChangeResponse> =>
        this.#call(ENDPOINTS.campaignScheduleDelete, request, options, true),
    },
  };

  readonly canvas = {
    /**
     * `POST /canvas/trigger/send`.
     *
     * @example
     * await client.canvas.triggerSend({ canvas_id: 'onboarding', recipients: [{ external_user_id: 'u-1', context: { step: 1 } }] });
     */
    triggerSend: (request: CanvasTriggerSendRequest, options?: CallOptions): Promise<TriggerSendResponse> =>
      this.#call(ENDPOINTS.canvasTrigger, request, options),
    /** Scheduled Canvas triggers (endpoints spec 5), retried as `campaigns.schedule`. */
    schedule: {
      create: (request: CanvasScheduleCreateRequestInput, options?: CallOptions): Promise<ScheduleCreateResponse> => this.#call(ENDPOINTS.canvasScheduleCreate, request, options),
      update: (request: CanvasScheduleUpdateRequestInput, options?: CallOptions): Promise<ScheduleChangeResponse> => this.#call(ENDPOINTS.canvasScheduleUpdate, request, options, true),
      delete: (request: CanvasScheduleDeleteRequestInput, options?: CallOptions): Promise<ScheduleChangeResponse> => this.#call(ENDPOINTS.canvasScheduleDelete, request, options, true),
    },
  };

  readonly users = {
    /**
     * `POST /users/track`. Eventually consistent: to message a user right after changing them,
     * prefer `createAndSend` / `updateAndSend`, which carry the attributes in the trigger itself.
     *
     * @example
     * await client.users.track({ attributes: [{ external_id: 'u-1', first_name: 'Ann' }] });
     */
    track: (request: UsersTrackRequest, options?: CallOptions): Promise<UsersTrackResponse> => this.#call(this.#usersTrack, request, options),
    /**
     * `POST /users/export/ids` (endpoints spec 11): what Braze holds about these users, the fields
     * named in `fields_to_export` (required by workspaces created since 2024-08-22). Read-only, so
     * retried on 500, 504 and timeouts too. Counted as `users_export_ids_fast` when
     * `fields_to_export` names neither `campaigns_received` nor `canvases_received`.
     *
     * @example
     * const { users, invalid_user_ids } = await client.users.exportIds({ external_ids: ['u-1'], fields_to_export: ['email', 'custom_attributes'] });
     */
    exportIds: (request: UsersExportIdsRequestInput, options?: CallOptions): Promise<UsersExportIdsResponse> => this.#call(ENDPOINTS.usersExportIds, request, options, true),
  };

  readonly sends = {
    /**
     * `POST /sends/id/create`: a send id for grouping analytics (no idempotency).
     *
     * @example
     * const { send_id } = await client.sends.createId({ campaign_id: 'welcome' });
     */
    createId: (request: SendsIdCreateRequest, options?: CallOptions): Promise<SendsIdCreateResponse> =>
      this.#call(ENDPOINTS.sendsIdCreate, request, options),
  };

  readonly messages = {
    /**
     * `POST /messages/send` (endpoints spec 3): content given in the request (`email`,
     * `apple_push`, `android_push`, `sms`) to up to 50 listed users, or with `broadcast: true` to a
     * segment and/or an audience. Counted as `trigger` with listed users, as a broadcast with
     * `broadcast`, `segment_id` or `audience`. **Not safe to retry** (a repeat sends again): only
     * 502 / 503 are retried unless `retry.riskDuplicates`.
     *
     * @example
     * await client.messages.send({
     *   external_user_ids: ['u-1'],
     *   messages: { email: { app_id: 'web', from: 'Shop <shop@example.com>', subject: 'Hi {{${first_name}}}', body: '<p>Welcome</p>' } },
     * });
     */
    send: (request: MessagesSendRequestInput, options?: CallOptions): Promise<MessagesSendResponse> => this.#call(ENDPOINTS.messagesSend, request, options),
    /**
     * `GET /messages/scheduled_broadcasts` (endpoints spec 5.5): scheduled campaigns and Canvases
     * whose next moment is before 00:00 UTC of `end_time`'s date. A read, so always retried.
     *
     * @example
     * const { scheduled_broadcasts } = await client.messages.scheduledBroadcasts({ end_time: '2026-05-06' });
     */
    scheduledBroadcasts: async (query: { end_time: string }, options: CallOptions = {}): Promise<ScheduledBroadcastsResponse> => {
      const endpoint = ENDPOINTS.scheduledBroadcasts;
      if (options.validate !== false) endpoint.validate(query);
      const path = `${endpoint.path}?${new URLSearchParams({ end_time: String(query.end_time) }).toString()}`;
      return this.#send(endpoint, {}, options, { path, idempotent: true, method: 'GET' });
    },
  };

  readonly transactional = {
    /**
     * `POST /transactional/v1/campaigns/{campaign_id}/send`: one transactional email, to a user
     * created from `external_user_id` + `attributes` when missing. Not rate-limited. With an
     * `external_send_id` the call is **safe to retry** (Braze deduplicates it for 24 hours), so
     * 500, 504, timeouts and lost connections are retried too; without one only 502 / 503 are,
     * unless `retry.riskDuplicates` says otherwise. `status` is opaque ("sent", "aborted", …).
     *
     * @example
     * await client.transactional.send('receipt', {
     *   external_send_id: 'order-A-17',
     *   trigger_properties: { order_id: 'A-17' },
     *   recipient: { external_user_id: 'u-1', attributes: { email: 'ann@example.com' } },
     * });
     */
    send: async (campaignId: string, request: TransactionalSendBody, options: CallOptions = {}): Promise<TransactionalSendResponse> => {
      const endpoint = ENDPOINTS.transactionalSend;
      if (options.validate !== false) endpoint.validate({ ...request, campaign_id: campaignId });
      const path = `/transactional/v1/campaigns/${encodeURIComponent(campaignId)}/send`;
      const idempotent = typeof (request as { external_send_id?: unknown }).external_send_id === 'string';
      return this.#send(endpoint, request, options, { path, idempotent });
    },
  };

  constructor(options: TriggerKitClientOptions) {
    const apiKey = checkedApiKey(options.apiKey);
    this.#maxConcurrency = positiveInteger('maxConcurrency', options.maxConcurrency ?? 4);
    this.#now = options.now ?? Date.now;
    this.#usersTrack = endpoint('/users/track', usersTrackBodyValidator({ batch: options.usersTrackBatch ?? 'combined' }), parseUsersTrackResponse);
    this.#executor = new RequestExecutor({
      apiKey,
      baseUrl: resolveBaseUrl(options),
      timeoutMs: positiveInteger('timeoutMs', options.timeoutMs ?? 30_000, MAX_TIMER_MS),
      legacyBodyAuth: options.legacyBodyAuth ?? false,
      transport: options.fetch === undefined ? defaultTransport() : fetchTransport(options.fetch),
      retry: resolveRetryPolicy(options.retry),
      hooks: options.hooks ?? {},
      tracker: this.#tracker,
      sleep: options.sleep ?? defaultSleep,
      random: options.random ?? Math.random,
      now: this.#now,
    });
  }

  /**
   * Create and send: each recipient's profile is created if missing (`send_to_existing_only:
   * false`), its `attributes` applied, and only then is the message segmented, rendered and sent
   * (spec 3.3). Any number of recipients; requests of at most 50 go out with bounded concurrency.
   * A failed request is reported in `failures` with its recipients; the others are not affected.
   * Pass `canvas_id` (and `context`) instead of `campaign_id` for a canvas.
   *
   * @example
   * const { dispatches, failures } = await client.createAndSend({
   *   campaign_id: 'order-confirmation',
   *   trigger_properties: { order_id: 'A-17' },
   *   recipients: [{ external_user_id: 'u-1', attributes: { email: 'ann@example.com', gender: 'F' } }],
   * });
   */
  createAndSend<R extends CreateAndSendRequest>(request: R, options?: BatchCallOptions): Promise<BatchSendResult<R['recipients'][number]>> {
    return this.#batch(request, 'create', options);
  }

  /**
   * Update and send: like `createAndSend` for users that already exist (`send_to_existing_only:
   * true`); recipients that do not exist are skipped by the server.
   *
   * @example
   * await client.updateAndSend({ campaign_id: 'plan-changed', recipients: [{ external_user_id: 'u-1', attributes: { plan: 'pro' } }] });
   */
  updateAndSend<R extends UpdateAndSendRequest>(request: R, options?: BatchCallOptions): Promise<BatchSendResult<R['recipients'][number]>> {
    return this.#batch(request, 'update', options);
  }

  /**
   * The rate-limit windows this client currently knows of, per class (spec 5). Broadcast and
   * audience requests are tracked per unique audience (Rev 2) and are not listed here.
   */
  rateLimits(): Partial<Record<RateLimitClass, RateLimitWindow>> {
    return this.#tracker.snapshot(this.#now());
  }

  async #batch<R extends object>(request: CreateAndSendRequest | UpdateAndSendRequest, mode: BatchMode, options: BatchCallOptions = {}): Promise<BatchSendResult<R>> {
    if (!isPlainObject(request)) throw new ValidationError('invalid_body', MESSAGES.invalid_body, []);
    const endpoint = 'canvas_id' in request ? ENDPOINTS.canvasTrigger : ENDPOINTS.campaignTrigger;
    const typed = request as unknown as Parameters<typeof sendInBatches<R>>[0];
    return sendInBatches<R>(typed, mode, {
      validate: options.validate === false ? undefined : (body) => endpoint.validate(body),
      send: (body) => this.#send(endpoint, body, options),
      maxConcurrency: positiveInteger('maxConcurrency', options.maxConcurrency ?? this.#maxConcurrency),
    });
  }

  async #call<Req extends object, Res>(endpoint: Endpoint<Res>, request: Req, options: CallOptions = {}, idempotent = false): Promise<Res> {
    if (options.validate !== false) endpoint.validate(request);
    return this.#send(endpoint, request, options, { idempotent });
  }

  async #send<Req extends object, Res>(endpoint: Endpoint<Res>, request: Req, options: CallOptions, route: { path?: string; idempotent?: boolean; method?: 'GET' } = {}): Promise<Res> {
    const target = rateLimitTargetOf(endpoint.path, request);
    const rateKey = target === undefined ? undefined : target.audienceKey === undefined ? target.rateClass : (`broadcast:${target.audienceKey}` as const);
    const call: EndpointCall = { method: route.method ?? 'POST', path: route.path ?? endpoint.path, body: request, rateKey, permission: endpoint.permission, idempotent: route.idempotent ?? false };
    return endpoint.parse(await this.#executor.execute(call, options.signal));
  }
}

function positiveInteger(name: string, value: number, max = Infinity): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new TypeError(`TriggerKitClient: ${name} must be a positive integer${Number.isFinite(max) ? ` of at most ${max}` : ''}, got ${value}`);
  }
  return value;
}

/** Visible ASCII, as in a header value: anything else would make `fetch` throw an error quoting the key. */
const API_KEY = /^[\x21-\x7e]+$/;

/** The key without surrounding whitespace (a key read from a file ends with a newline); never echoed in an error. */
function checkedApiKey(value: unknown): string {
  const apiKey = typeof value === 'string' ? value.trim() : '';
  if (apiKey === '') throw new TypeError('TriggerKitClient: apiKey must be a non-empty string');
  if (!API_KEY.test(apiKey)) throw new TypeError('TriggerKitClient: apiKey must be printable ASCII without spaces or control characters');
  return apiKey;
}

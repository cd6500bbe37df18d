import { MESSAGES, NotFoundError, ValidationError } from '../errors';
import { evaluateAudience } from '../rules/audience.rules';
import { validateCampaignTriggerSend } from '../rules/request-validation/trigger-send.validation';
import { validateCanvasTriggerSend } from '../rules/request-validation/canvas-trigger-send.validation';
import { validateSendsIdCreate } from '../rules/request-validation/sends-id-create.validation';
import { validateUsersTrack } from '../rules/request-validation/users-track.validation';
import type { ValidationResult } from '../rules/request-validation/validation-result';
import type { CampaignDefinition, CanvasDefinition, MessageCampaignDefinition, MessageDefinition } from '../schema/mock-config.schema';
import type { UsersTrackBatchMode } from '../schema/users-track.schema';
import type { MessagesResponse, SendsIdCreateResponse, TriggerSendResponse, UsersTrackResponse } from '../schema/responses.schema';
import { recordInactiveDispatch, runTrigger } from './create-and-send.engine';
import { createDueWork, type DueWork } from './due/due-work.scheduler';
import { type AcceptedWrite, DEFAULT_MAX_MESSAGES, DEFAULT_PAGE_LIMIT, type Engine, type EngineOptions, MAX_PAGE_LIMIT, type MessageListQuery, type UserInspection } from './engine.types';
import { checkedCampaignOfType, parseCampaignDefinition, parseCanvasDefinition } from './pipeline/delivery-definition.engine';
import { runLockedUnit, workspaceLockKey } from './pipeline/locked-unit.engine';
import { campaignPlan, canvasPlan } from './pipeline/request-plans.engine';
import type { AudienceScope, PipelineDeps, TriggerTarget } from './pipeline/trigger-plan.engine';
import { trackWriteFrom } from './pipeline/track-write.engine';
import { type DueItem, type ProfileRecord, UnknownCursorError } from './ports/store.port';
import { createDelayPicker, type PropagationDelay } from './propagation/propagation-delays';
import { createLiquidRenderer, type CompiledTemplate } from './render/liquid.renderer';
import { createMemoryStore } from './store/memory.store';
import { seedProfilesFor } from './pipeline/seed-profiles.engine';
import { systemClock } from './support/clock';
import { createWorkspaceClock, type WorkspaceClock } from './support/workspace-clock';
import {
  createSchedule,
  deleteSchedule,
  getScheduleView,
  listScheduledBroadcasts,
  listScheduleViews,
  runScheduleMoment,
  type ScheduleWorkspace,
  updateSchedule,
} from './schedules/schedules.engine';
import { validateClockAdvance } from '../rules/request-validation/clock-advance.validation';
import { parseIsoTime } from '../rules/iso-time.rules';
import type { ClockAdvanceResponse, MockClockResponse } from '../schema/mock-clock.schema';
import { randomIdSource } from './support/ids';
import { createPostbackQueue, type PostbackQueue } from './transactional/postbacks';
import { sendTransactional, type TransactionalWorkspace } from './transactional/transactional.engine';
import { sendMessages, type MessagesSendWorkspace } from './messages-send/messages-send.engine';
import { exportUsers, type UsersExportWorkspace } from './users/users-export.engine';
import { inspectionOf, listUsers } from './users/users-list.engine';
import { getSubscriptionStatus, listUserSubscriptions, type SubscriptionWorkspace } from './subscriptions/subscription-status.engine';
import { mockSettingsSchema, type MockSettings } from '../schema/mock-config.schema';
import { formatIssue, PARSE_OPTIONS } from '../schema';
import { applyTrackWrite, trackWriteLockKeys, type TrackWrite } from './users-track.engine';
import {
  aliasNewWrite,
  aliasUpdateWrite,
  applyUserWrite,
  deleteWrite,
  identifyWrite,
  isUserWrite,
  mergeWrite,
  subscriptionV2Write,
  subscriptionWrite,
  type UserWrite,
  userWriteLockKeys,
} from './users/user-writes.engine';
import { createWriteStatuses, type WriteStatuses } from './users/write-statuses';
import {
  validateSubscriptionStatusSet,
  validateSubscriptionStatusSetV2,
  validateUsersAliasNew,
  validateUsersAliasUpdate,
  validateUsersDelete,
  validateUsersIdentify,
  validateUsersMerge,
} from '../rules/request-validation/user-lifecycle.validation';
import type { SubscriptionGroupConfig } from '../schema/mock-config.schema';

interface WorkspaceRuntime {
  name: string;
  /** Endpoints spec 2: the workspace's mock clock, which every time of its records is read from. */
  clock: WorkspaceClock;
  /** The pipeline on this workspace's clock. */
  deps: PipelineDeps;
  campaigns: Map<string, CampaignDefinition>;
  canvases: Map<string, CanvasDefinition>;
  seeds: readonly ProfileRecord[];
  /** The next `/users/track` write's propagation delay (spec 8), restarted from the seed by a reset. */
  nextDelay: () => number;
  restartDelays: () => void;
  due: DueWork;
  usersTrackBatch: UsersTrackBatchMode;
  /** Endpoints spec 5: the schedules of this workspace. */
  schedules: ScheduleWorkspace;
  /** Endpoints spec 4: transactional sends and their postbacks. */
  transactional: TransactionalWorkspace;
  /** Endpoints spec 3: `/messages/send`. */
  messagesSend: MessagesSendWorkspace;
  /** Endpoints spec 11: `/users/export/ids`. */
  usersExport: UsersExportWorkspace;
  /** Endpoints spec 12: the subscription GETs. */
  subscriptions: SubscriptionWorkspace;
  postbacks: PostbackQueue;
  /** Endpoints spec 12: the configured subscription groups. */
  groups: ReadonlyMap<string, SubscriptionGroupConfig>;
  /** Endpoints spec 14.4: what each accepted user write did. */
  writes: WriteStatuses;
  /** Endpoints spec 14.7: what `PUT /_mock/settings` changed, restored from `configured` by a reset. */
  settings: { current: MockSettings };
  configured: MockSettings;
}

/**
 * The server engine of spec 3–9 over a store, a clock, ids and a renderer. Synchronous: seeding the
 * store runs in the background and every method waits for it. Each request is one unit of work of
 * the store: it commits all its writes before it resolves, or writes nothing and rejects.
 *
 * @example
 * const config = validateMockServerConfig(json);
 * if (!config.ok) throw new Error(config.errors.join('\n'));
 * const engine = createEngine({ config: config.value });
 * await engine.triggerCampaign('acme', { campaign_id: 'order-confirmation', recipients: [{ external_user_id: 'u-1' }] });
 */
export function createEngine(options: EngineOptions): Engine {
  const store = options.store ?? createMemoryStore();
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? randomIdSource();
  const renderer = options.renderer ?? createLiquidRenderer();
  const maxMessages = checkedMaxMessages(options.maxMessages ?? DEFAULT_MAX_MESSAGES);
  const compiledTemplates = new WeakMap<object, CompiledTemplate>();
  const depsOn = (workspaceClock: WorkspaceClock): PipelineDeps => ({
    store,
    retention: { keepNewest: maxMessages },
    clock: workspaceClock,
    ids,
    renderer,
    compiled: (target) => compiledFor(target, compiledTemplates, renderer),
    matchesAudience: (expression, profile, scope: AudienceScope) => evaluateAudience(expression, { attributes: profile.attributes }, { now: new Date(workspaceClock.now()), scope }),
  });
  const workspaces = new Map<string, WorkspaceRuntime>();
  for (const workspace of options.config.workspaces) {
    const delays = wholeMilliseconds(workspace.users_track_delay_ms);
    let nextDelay = createDelayPicker(delays, workspace.random_seed);
    const workspaceClock = createWorkspaceClock(workspace.clock, clock);
    const workspaceDeps = depsOn(workspaceClock);
    const campaigns = new Map(workspace.campaigns.map((campaign) => [campaign.id, campaign]));
    const canvases = new Map(workspace.canvases.map((canvas) => [canvas.id, canvas]));
    const due = createDueWork({
      store,
      workspace: workspace.name,
      clock: workspaceClock,
      manual: workspaceClock.mode === 'manual',
      process: (item) => applyDueItem(workspace.name, item),
      ...(options.setTimer ? { setTimer: options.setTimer } : {}),
      ...(options.clearTimer ? { clearTimer: options.clearTimer } : {}),
      ...(options.onPropagationError ? { onError: options.onPropagationError } : {}),
    });
    const postbacks = createPostbackQueue({ clock: workspaceClock, transport: options.postbackTransport, timeoutMs: options.postbackTimeoutMs, keepAttempts: maxMessages });
    const configured: MockSettings = { transactional_postback_url: workspace.transactional_postback_url ?? null };
    const settingsHolder = { current: { ...configured } };
    const appPlatforms = new Map(workspace.apps.map((app) => [app.id, app.platform]));
    const groups = new Map(workspace.subscription_groups.map((group) => [group.id, group]));
    workspaces.set(workspace.name, {
      name: workspace.name,
      postbacks,
      groups,
      writes: createWriteStatuses(),
      messagesSend: {
        name: workspace.name,
        deps: workspaceDeps,
        campaigns,
        segments: new Map(workspace.segments.map((segment) => [segment.id, segment])),
        subscriptionGroups: groups,
        platformOf: (appId) => appPlatforms.get(appId),
      },
      subscriptions: { name: workspace.name, store, groups },
      usersExport: {
        name: workspace.name,
        store,
        campaigns,
        canvases,
        fieldsRequired: workspace.export_fields_required,
        platformOf: (appId) => appPlatforms.get(appId),
      },
      configured,
      settings: settingsHolder,
      transactional: {
        name: workspace.name,
        deps: workspaceDeps,
        campaigns,
        postbacks,
        postbackUrl: () => settingsHolder.current.transactional_postback_url,
        inFlight: new Set(),
      },
      clock: workspaceClock,
      deps: workspaceDeps,
      schedules: {
        name: workspace.name,
        clock: workspaceClock,
        deps: workspaceDeps,
        due,
        campaigns,
        canvases,
        timeZone: workspace.time_zone,
        optimalSendHour: workspace.optimal_send_hour,
        target: (kind, definition) => targetOf(kind, definition),
        checkCampaign: (definition) => checkedCampaign(definition),
      },
      campaigns,
      canvases,
      seeds: seedProfilesFor(workspace.users, ids, new Date(workspaceClock.now()).toISOString()),
      usersTrackBatch: workspace.users_track_batch,
      nextDelay: () => nextDelay(),
      restartDelays: () => {
        nextDelay = createDelayPicker(delays, workspace.random_seed);
      },
      due,
    });
  }

  const ready = seedAll(options.seed ?? 'if-empty');
  ready.catch(() => undefined);
  let closing: Promise<void> | undefined;

  /** Seeds go into a workspace without profiles (a persistent store keeps its data); the seed key keeps two starting processes from both seeding. */
  async function seedAll(mode: 'if-empty' | 'reset'): Promise<void> {
    for (const runtime of workspaces.values()) {
      await store.unit(async (tx) => {
        await tx.lock([workspaceLockKey(runtime.name, 'seed')]);
        if (mode === 'reset') return tx.resetWorkspace(runtime.name, runtime.seeds);
        if (runtime.seeds.length === 0 || (await tx.countProfiles(runtime.name)) > 0) return;
        for (const seed of runtime.seeds) await tx.saveProfile(runtime.name, seed);
      });
      // Writes accepted before a restart become visible at their due time (or now, if it passed).
      await runtime.due.wake();
    }
  }

  function runtimeOf(workspace: string): WorkspaceRuntime {
    const runtime = workspaces.get(workspace);
    if (!runtime) throw new NotFoundError(`Unknown workspace: ${workspace}`);
    return runtime;
  }

  async function open(workspace: string): Promise<WorkspaceRuntime> {
    const runtime = runtimeOf(workspace);
    await ready;
    return runtime;
  }

  /** One visible `/users/track` write: its own unit, holding the keys of every user it names. */
  function applyVisibleWrite(runtime: WorkspaceRuntime, write: TrackWrite): Promise<void> {
    const workspace = runtime.name;
    return runLockedUnit(store, trackWriteLockKeys(workspace, write), (tx, locks) => applyTrackWrite(runtime.deps, { tx, locks, workspace }, write));
  }

  /** One visible user write (endpoints spec 6.2): its own unit, holding the keys of every identifier it names; its outcomes are recorded once it committed. */
  async function applyVisibleUserWrite(runtime: WorkspaceRuntime, userWrite: UserWrite): Promise<void> {
    const workspace = runtime.name;
    const outcomes = await runLockedUnit(store, userWriteLockKeys(workspace, userWrite), (tx, locks) => applyUserWrite(runtime.deps, { tx, locks, workspace }, userWrite));
    runtime.writes.applied(userWrite.user_write.write_id, isoTimeOf(runtime), outcomes);
  }

  /**
   * Spec 8's propagation for any write (`/users/track`, endpoints spec 6.2): visible now when the
   * delay is 0 (earlier writes due by now first), else persisted before the answer and applied at
   * its due time. Both kinds share one queue, so they become visible in the order they were accepted.
   */
  async function propagate(runtime: WorkspaceRuntime, payload: TrackWrite | UserWrite, applyNow: () => Promise<void>): Promise<void> {
    const delay = runtime.nextDelay();
    const now = runtime.clock.now();
    if (delay === 0) {
      if (runtime.due.mayBeDueBy(now)) await runtime.due.processDue(now);
      await applyNow();
      return;
    }
    // Persisted before the 201: an acknowledged write survives a restart and shows at its due time.
    await store.unit((tx) => tx.addDueItem(runtime.name, { kind: 'users_track', due_ms: now + delay, payload }));
    runtime.due.scheduled(now + delay);
  }

  /** A validated user write: recorded as pending, propagated, answered with `response`. */
  async function acceptUserWrite<R>(runtime: WorkspaceRuntime, userWrite: UserWrite, response: R): Promise<AcceptedWrite<R>> {
    const writeId = userWrite.user_write.write_id;
    runtime.writes.pending(writeId);
    try {
      await propagate(runtime, userWrite, () => applyVisibleUserWrite(runtime, userWrite));
    } catch (error) {
      runtime.writes.forget(writeId);
      throw error;
    }
    return { response, write_id: writeId };
  }

  /** A due item in its own unit: deleting it there means it is applied once, even with two processes on one database. */
  async function applyDueItem(workspace: string, item: DueItem): Promise<boolean> {
    if (item.kind === 'schedule_moment') return runScheduleMoment(runtimeOf(workspace).schedules, item);
    if (item.kind !== 'users_track') throw new Error(`Unknown kind of due item: ${String(item.kind)}`);
    if (isUserWrite(item.payload)) {
      const runtime = runtimeOf(workspace);
      const userWrite = item.payload;
      const keys = [workspaceLockKey(workspace, 'due'), ...userWriteLockKeys(workspace, userWrite)];
      const outcomes = await runLockedUnit(store, keys, async (tx, locks) => {
        if (!(await tx.deleteDueItem(workspace, item.id))) return undefined;
        return applyUserWrite(runtime.deps, { tx, locks, workspace }, userWrite);
      });
      if (outcomes === undefined) return false;
      runtime.writes.applied(userWrite.user_write.write_id, isoTimeOf(runtime), outcomes);
      return true;
    }
    const write = item.payload as TrackWrite;
    const keys = [workspaceLockKey(workspace, 'due'), ...trackWriteLockKeys(workspace, write)];
    const { deps } = runtimeOf(workspace);
    return runLockedUnit(store, keys, async (tx, locks) => {
      if (!(await tx.deleteDueItem(workspace, item.id))) return false;
      await applyTrackWrite(deps, { tx, locks, workspace }, write);
      return true;
    });
  }

  return {
    async triggerCampaign(workspace, body): Promise<TriggerSendResponse> {
      const runtime = await open(workspace);
      const request = unwrap(validateCampaignTriggerSend(body));
      const definition = activeCampaign(runtime, request.campaign_id);
      const plan = campaignPlan(workspace, targetOf('campaign', definition), request, { dispatchId: ids.dispatchId(), newSendId: () => ids.sendId() });
      await runTrigger(runtime.deps, plan);
      return request.recipients === undefined && plan.sendId !== undefined
        ? { dispatch_id: plan.dispatchId, message: 'success', send_id: plan.sendId }
        : { dispatch_id: plan.dispatchId, message: 'success' };
    },

    async triggerCanvas(workspace, body): Promise<TriggerSendResponse> {
      const runtime = await open(workspace);
      const request = unwrap(validateCanvasTriggerSend(body));
      const definition = runtime.canvases.get(request.canvas_id);
      if (!definition) throw new ValidationError('canvas_not_found', MESSAGES.canvas_not_found, []);
      const plan = canvasPlan(workspace, targetOf('canvas', definition), request, { dispatchId: ids.dispatchId() });
      if (definition.status === 'active') {
        await runTrigger(runtime.deps, plan);
        return { dispatch_id: plan.dispatchId, message: 'success' };
      }
      await recordInactiveDispatch(runtime.deps, plan);
      const notice = definition.status === 'paused' ? MESSAGES.canvas_paused : MESSAGES.canvas_archived;
      return { dispatch_id: plan.dispatchId, message: 'success', notice };
    },

    async trackUsers(workspace, body): Promise<UsersTrackResponse> {
      const runtime = await open(workspace);
      const validated = unwrap(validateUsersTrack(body, { batch: runtime.usersTrackBatch }));
      const write = trackWriteFrom(validated);
      if (write.attributes.length + write.events.length + write.purchases.length > 0) await propagate(runtime, write, () => applyVisibleWrite(runtime, write));
      const response: UsersTrackResponse = { message: 'success' };
      if (validated.attributes) response.attributes_processed = validated.attributes.length;
      if (validated.events) response.events_processed = validated.events.length;
      if (validated.purchases) response.purchases_processed = validated.purchases.length;
      if (validated.itemErrors.length > 0) response.errors = validated.itemErrors;
      return response;
    },

    async createSendId(workspace, body): Promise<SendsIdCreateResponse> {
      const runtime = await open(workspace);
      const request = unwrap(validateSendsIdCreate(body));
      if (!runtime.campaigns.has(request.campaign_id)) throw new ValidationError('campaign_not_found', MESSAGES.campaign_not_found, []);
      const sendId = request.send_id ?? ids.sendId();
      const record = { send_id: sendId, campaign_id: request.campaign_id, created_at: new Date(runtime.clock.now()).toISOString() };
      await store.unit((tx) => tx.saveSendId(workspace, record));
      return { message: 'success', send_id: sendId };
    },

    async listMessages(workspace, query: MessageListQuery = {}): Promise<MessagesResponse> {
      await open(workspace);
      const limit = Math.min(MAX_PAGE_LIMIT, Math.max(1, Math.trunc(query.limit ?? DEFAULT_PAGE_LIMIT)));
      const { since, ...rest } = query;
      const page = await store.listMessages(workspace, { ...rest, sinceMs: since, limit }).catch((error: unknown) => {
        if (error instanceof UnknownCursorError) throw new ValidationError('bad_request', MESSAGES.bad_request, [`query.${query.after === error.cursor ? 'after' : 'before'}: ${error.message}`]);
        throw error;
      });
      const last = page.messages.at(-1);
      if (!page.more || last === undefined) return { messages: page.messages };
      return query.order === 'newest' ? { messages: page.messages, next_before: last.id } : { messages: page.messages, next_after: last.id };
    },

    async getDispatch(workspace, dispatchId) {
      await open(workspace);
      const dispatch = await store.getDispatch(workspace, dispatchId);
      if (!dispatch) throw new NotFoundError();
      return dispatch;
    },

    async listUsers(workspace, query) {
      await open(workspace);
      return listUsers(store, workspace, query);
    },

    async getUser(workspace, externalId): Promise<UserInspection> {
      await open(workspace);
      const profile = await store.findProfile(workspace, { external_id: externalId });
      if (!profile || profile.external_id === undefined) throw new NotFoundError(MESSAGES.user_not_found);
      return { ...inspectionOf(profile), external_id: profile.external_id };
    },

    async reset(workspace) {
      const runtime = await open(workspace);
      await store.unit((tx) => tx.resetWorkspace(workspace, runtime.seeds));
      runtime.restartDelays();
      runtime.clock.reset();
      runtime.postbacks.clear();
      runtime.writes.clear();
      runtime.settings.current = { ...runtime.configured };
      await runtime.due.wake();
    },

    async putCampaign(workspace, id, definition) {
      const runtime = await open(workspace);
      const stored = parseCampaignDefinition(id, definition);
      runtime.campaigns.set(id, stored);
      return stored;
    },

    async putCanvas(workspace, id, definition) {
      const runtime = await open(workspace);
      const stored = parseCanvasDefinition(id, definition);
      runtime.canvases.set(id, stored);
      return stored;
    },

    workspaceNames: () => [...workspaces.keys()],

    getSubscriptionStatus: async (workspace, query) => getSubscriptionStatus((await open(workspace)).subscriptions, query),
    listUserSubscriptions: async (workspace, query) => listUserSubscriptions((await open(workspace)).subscriptions, query),
    exportUsers: async (workspace, body) => exportUsers((await open(workspace)).usersExport, body),
    async identifyUsers(workspace, body) {
      const runtime = await open(workspace);
      const request = unwrap(validateUsersIdentify(body));
      const userWrite = identifyWrite(request, ids.dispatchId());
      return acceptUserWrite(runtime, userWrite, { aliases_processed: userWrite.user_write.items.length, message: 'success' });
    },
    async createAliases(workspace, body) {
      const runtime = await open(workspace);
      const userWrite = aliasNewWrite(unwrap(validateUsersAliasNew(body)), ids.dispatchId());
      return acceptUserWrite(runtime, userWrite, { aliases_processed: userWrite.user_write.items.length, message: 'success' });
    },
    async updateAliases(workspace, body) {
      const runtime = await open(workspace);
      return acceptUserWrite(runtime, aliasUpdateWrite(unwrap(validateUsersAliasUpdate(body)), ids.dispatchId()), { message: 'success' });
    },
    async deleteUsers(workspace, body) {
      const runtime = await open(workspace);
      const { write: userWrite, distinct } = deleteWrite(unwrap(validateUsersDelete(body)), ids.dispatchId());
      return acceptUserWrite(runtime, userWrite, { deleted: distinct, message: 'success' });
    },
    async mergeUsers(workspace, body) {
      const runtime = await open(workspace);
      return acceptUserWrite(runtime, mergeWrite(unwrap(validateUsersMerge(body)), ids.dispatchId()), { message: 'success' });
    },
    async setSubscriptionStatus(workspace, body) {
      const runtime = await open(workspace);
      return acceptUserWrite(runtime, subscriptionWrite(unwrap(validateSubscriptionStatusSet(body)), runtime.groups, ids.dispatchId()), { message: 'success' });
    },
    async setSubscriptionStatusV2(workspace, body) {
      const runtime = await open(workspace);
      return acceptUserWrite(runtime, subscriptionV2Write(unwrap(validateSubscriptionStatusSetV2(body)), runtime.groups, ids.dispatchId()), { message: 'success' });
    },
    writeStatus: (workspace, writeId) => runtimeOf(workspace).writes.get(writeId),
    sendMessages: async (workspace, body) => sendMessages((await open(workspace)).messagesSend, ids, body),
    sendTransactional: async (workspace, campaignId, body) => sendTransactional((await open(workspace)).transactional, ids, campaignId, body),
    listPostbacks: async (workspace) => (await open(workspace)).postbacks.list(),
    getSettings: async (workspace) => ({ ...(await open(workspace)).settings.current }),
    async putSettings(workspace, body) {
      const runtime = await open(workspace);
      const parsed = mockSettingsSchema.safeParse(body, PARSE_OPTIONS);
      if (!parsed.success) throw new ValidationError('bad_request', MESSAGES.bad_request, parsed.error.issues.map((issue) => formatIssue(issue)));
      runtime.settings.current = { ...parsed.data };
      return { ...runtime.settings.current };
    },
    drainPostbacks: async (workspace) => (await open(workspace)).postbacks.idle(),

    createCampaignSchedule: async (workspace, body) => createSchedule((await open(workspace)).schedules, ids, 'campaign', body),
    updateCampaignSchedule: async (workspace, body) => updateSchedule((await open(workspace)).schedules, 'campaign', body),
    deleteCampaignSchedule: async (workspace, body) => deleteSchedule((await open(workspace)).schedules, 'campaign', body),
    createCanvasSchedule: async (workspace, body) => createSchedule((await open(workspace)).schedules, ids, 'canvas', body),
    updateCanvasSchedule: async (workspace, body) => updateSchedule((await open(workspace)).schedules, 'canvas', body),
    deleteCanvasSchedule: async (workspace, body) => deleteSchedule((await open(workspace)).schedules, 'canvas', body),
    listScheduledBroadcasts: async (workspace, query) => listScheduledBroadcasts((await open(workspace)).schedules, query),
    listSchedules: async (workspace, filter = {}) => listScheduleViews((await open(workspace)).schedules, filter),
    getSchedule: async (workspace, scheduleId) => getScheduleView((await open(workspace)).schedules, scheduleId),

    async getClock(workspace): Promise<MockClockResponse> {
      const runtime = await open(workspace);
      return runtime.clock.view();
    },

    async advanceClock(workspace, body): Promise<ClockAdvanceResponse> {
      const runtime = await open(workspace);
      const request = unwrap(validateClockAdvance(body));
      const now = runtime.clock.now();
      const target = request.to === undefined ? now + (request.ms ?? 0) : (parseIsoTime(request.to) ?? now);
      if (target < now) throw new ValidationError('clock_backwards', MESSAGES.clock_backwards, []);
      // Each item runs at its own time (endpoints spec 2), so what it records carries that time.
      const processed = await runtime.due.processDue(target, { beforeEach: (dueMs) => runtime.clock.moveTo(dueMs) });
      runtime.clock.moveTo(target);
      return { ...runtime.clock.view(), processed };
    },

    async processDue(workspace, untilMs, processOptions) {
      const runtime = await open(workspace);
      return runtime.due.processDue(untilMs, processOptions);
    },

    async drainPropagation() {
      await ready;
      await Promise.all([...workspaces.values()].map((runtime) => runtime.due.processDue(Number.MAX_SAFE_INTEGER)));
    },

    close() {
      closing ??= (async () => {
        await ready.catch(() => undefined);
        await Promise.all([...workspaces.values()].map((runtime) => runtime.due.stop()));
        await Promise.all([...workspaces.values()].map((runtime) => runtime.postbacks.close()));
        await store.close();
      })();
      return closing;
    },
  };
}

function isoTimeOf(runtime: WorkspaceRuntime): string {
  return new Date(runtime.clock.now()).toISOString();
}

function unwrap<T>(result: ValidationResult<T>): T {
  if (!result.ok) throw result.error;
  return result.value;
}

/**
 * Spec 3.2's campaign checks: after validation, before anything is written. A campaign of type
 * `api` or `transactional` is not triggered here, nor scheduled (endpoints spec 1).
 */
function activeCampaign(runtime: WorkspaceRuntime, campaignId: string): MessageCampaignDefinition {
  return checkedCampaign(runtime.campaigns.get(campaignId));
}

function checkedCampaign(definition: CampaignDefinition | undefined): MessageCampaignDefinition {
  return checkedCampaignOfType(definition, 'api_triggered', 'campaign_not_api_triggered');
}

function targetOf(kind: TriggerTarget['kind'], definition: MessageDefinition): TriggerTarget {
  return { kind, id: definition.id, channel: definition.channel, segment: definition.segment, message: definition.message, subscriptionGroupId: definition.subscription_group_id };
}

/** Parsed once per stored definition: the message object is the cache key, replaced by `PUT`. */
function compiledFor(target: TriggerTarget, cache: WeakMap<object, CompiledTemplate>, renderer: EngineOptions['renderer'] & object): CompiledTemplate {
  let compiled = cache.get(target.message);
  if (!compiled) {
    compiled = renderer.compile(target.message);
    cache.set(target.message, compiled);
  }
  return compiled;
}

/** Delays count whole milliseconds; the config allows fractions. */
function wholeMilliseconds(delay: number | readonly [number, number]): PropagationDelay {
  return typeof delay === 'number' ? Math.round(delay) : [Math.round(delay[0]), Math.round(delay[1])];
}

function checkedMaxMessages(value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`maxMessages must be a positive integer, got ${String(value)}`);
  return value;
}

import { MESSAGES, NotFoundError, ValidationError } from '../errors';
import { evaluateAudience } from '../rules/audience.rules';
import { validateCampaignTriggerSend } from '../rules/request-validation/trigger-send.validation';
import { validateCanvasTriggerSend } from '../rules/request-validation/canvas-trigger-send.validation';
import { validateSendsIdCreate } from '../rules/request-validation/sends-id-create.validation';
import { validateUsersTrack } from '../rules/request-validation/users-track.validation';
import type { ValidationResult } from '../rules/request-validation/validation-result';
import type { DeliveryDefinition } from '../schema/mock-config.schema';
import type { UsersTrackBatchMode } from '../schema/users-track.schema';
import type { SendsIdCreateResponse, TriggerSendResponse, UsersTrackResponse } from '../schema/responses.schema';
import { recordInactiveDispatch, runTrigger } from './create-and-send.engine';
import type { Engine, EngineOptions, UserInspection } from './engine.types';
import { parseDefinition } from './pipeline/delivery-definition.engine';
import { campaignPlan, canvasPlan } from './pipeline/request-plans.engine';
import type { AudienceScope, PipelineDeps, TriggerTarget } from './pipeline/trigger-plan.engine';
import { trackWriteFrom } from './pipeline/track-write.engine';
import type { ProfileRecord } from './ports/store.port';
import { createPropagationQueue, type PropagationDelay, type PropagationQueue } from './propagation/propagation.queue';
import { createLiquidRenderer, type CompiledTemplate } from './render/liquid.renderer';
import { createMemoryStore } from './store/memory.store';
import { createProfileLocks } from './store/profile-locks';
import { seedProfilesFor } from './pipeline/seed-profiles.engine';
import { systemClock } from './support/clock';
import { randomIdSource } from './support/ids';
import { applyTrackWrite } from './users-track.engine';

interface WorkspaceRuntime {
  name: string;
  campaigns: Map<string, DeliveryDefinition>;
  canvases: Map<string, DeliveryDefinition>;
  seeds: readonly ProfileRecord[];
  propagation: PropagationQueue;
  usersTrackBatch: UsersTrackBatchMode;
}

/**
 * The server engine of spec 3–9 over a store, a clock, ids and a renderer. Synchronous: seeding the
 * store runs in the background and every method waits for it.
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
  const compiledTemplates = new WeakMap<object, CompiledTemplate>();
  const deps: PipelineDeps = {
    store,
    locks: options.locks ?? createProfileLocks(),
    clock,
    ids,
    renderer,
    compiled: (target) => compiledFor(target, compiledTemplates, renderer),
    matchesAudience: (expression, profile, scope: AudienceScope) => evaluateAudience(expression, { attributes: profile.attributes }, { now: new Date(clock.now()), scope }),
  };
  const workspaces = new Map<string, WorkspaceRuntime>();
  for (const workspace of options.config.workspaces) {
    workspaces.set(workspace.name, {
      name: workspace.name,
      campaigns: new Map(workspace.campaigns.map((campaign) => [campaign.id, campaign])),
      canvases: new Map(workspace.canvases.map((canvas) => [canvas.id, canvas])),
      seeds: seedProfilesFor(workspace.users, ids, new Date(clock.now()).toISOString()),
      usersTrackBatch: workspace.users_track_batch,
      propagation: createPropagationQueue({
        delayMs: wholeMilliseconds(workspace.users_track_delay_ms),
        seed: workspace.random_seed,
        clock,
        ...(options.setTimer ? { setTimer: options.setTimer } : {}),
        ...(options.clearTimer ? { clearTimer: options.clearTimer } : {}),
        ...(options.onPropagationError ? { onError: options.onPropagationError } : {}),
      }),
    });
  }

  const ready = seedAll(options.seed ?? 'if-empty');
  ready.catch(() => undefined);
  let closing: Promise<void> | undefined;

  async function seedAll(mode: 'if-empty' | 'reset'): Promise<void> {
    for (const runtime of workspaces.values()) {
      if (mode === 'reset' || (await store.countProfiles(runtime.name)) === 0) await store.reset(runtime.name, runtime.seeds);
    }
  }

  async function open(workspace: string): Promise<WorkspaceRuntime> {
    const runtime = workspaces.get(workspace);
    if (!runtime) throw new NotFoundError(`Unknown workspace: ${workspace}`);
    await ready;
    return runtime;
  }

  return {
    async triggerCampaign(workspace, body): Promise<TriggerSendResponse> {
      const runtime = await open(workspace);
      const request = unwrap(validateCampaignTriggerSend(body));
      const definition = activeCampaign(runtime, request.campaign_id);
      const plan = campaignPlan(workspace, targetOf('campaign', definition), request, { dispatchId: ids.dispatchId(), newSendId: () => ids.sendId() });
      await runTrigger(deps, plan);
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
        await runTrigger(deps, plan);
        return { dispatch_id: plan.dispatchId, message: 'success' };
      }
      await recordInactiveDispatch(deps, plan);
      const notice = definition.status === 'paused' ? MESSAGES.canvas_paused : MESSAGES.canvas_archived;
      return { dispatch_id: plan.dispatchId, message: 'success', notice };
    },

    async trackUsers(workspace, body): Promise<UsersTrackResponse> {
      const runtime = await open(workspace);
      const validated = unwrap(validateUsersTrack(body, { batch: runtime.usersTrackBatch }));
      const write = trackWriteFrom(validated);
      if (write.attributes.length + write.events.length + write.purchases.length > 0) {
        await runtime.propagation.schedule(() => applyTrackWrite(deps, workspace, write));
      }
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
      await store.saveSendId(workspace, { send_id: sendId, campaign_id: request.campaign_id, created_at: new Date(clock.now()).toISOString() });
      return { message: 'success', send_id: sendId };
    },

    async listMessages(workspace, filter = {}) {
      await open(workspace);
      return { messages: await store.listMessages(workspace, filter) };
    },

    async getDispatch(workspace, dispatchId) {
      await open(workspace);
      const dispatch = await store.getDispatch(workspace, dispatchId);
      if (!dispatch) throw new NotFoundError();
      return dispatch;
    },

    async getUser(workspace, externalId): Promise<UserInspection> {
      await open(workspace);
      const profile = await store.findProfile(workspace, { external_id: externalId });
      if (!profile || profile.external_id === undefined) throw new NotFoundError(MESSAGES.user_not_found);
      return {
        external_id: profile.external_id,
        braze_id: profile.braze_id,
        user_aliases: profile.user_aliases,
        attributes: profile.attributes,
        created_at: profile.created_at,
        updated_at: profile.updated_at,
        events: profile.events,
        purchases: profile.purchases,
      };
    },

    async reset(workspace) {
      const runtime = await open(workspace);
      runtime.propagation.reset();
      await store.reset(workspace, runtime.seeds);
    },

    async putCampaign(workspace, id, definition) {
      const runtime = await open(workspace);
      const stored = parseDefinition(id, definition);
      runtime.campaigns.set(id, stored);
      return stored;
    },

    async putCanvas(workspace, id, definition) {
      const runtime = await open(workspace);
      const stored = parseDefinition(id, definition);
      runtime.canvases.set(id, stored);
      return stored;
    },

    workspaceNames: () => [...workspaces.keys()],

    async drainPropagation() {
      await Promise.all([...workspaces.values()].map((runtime) => runtime.propagation.flush()));
    },

    close() {
      closing ??= (async () => {
        for (const runtime of workspaces.values()) runtime.propagation.cancelAll();
        await ready.catch(() => undefined);
        await store.close();
      })();
      return closing;
    },
  };
}

function unwrap<T>(result: ValidationResult<T>): T {
  if (!result.ok) throw result.error;
  return result.value;
}

/** Spec 3.2's campaign checks: after validation, before anything is written. */
function activeCampaign(runtime: WorkspaceRuntime, campaignId: string): DeliveryDefinition {
  const definition = runtime.campaigns.get(campaignId);
  if (!definition) throw new ValidationError('campaign_not_found', MESSAGES.campaign_not_found, []);
  if (definition.status === 'paused') throw new ValidationError('campaign_paused', MESSAGES.campaign_paused, []);
  if (definition.status === 'archived') throw new ValidationError('campaign_archived', MESSAGES.campaign_archived, []);
  return definition;
}

function targetOf(kind: TriggerTarget['kind'], definition: DeliveryDefinition): TriggerTarget {
  return { kind, id: definition.id, channel: definition.channel, segment: definition.segment, message: definition.message };
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

/** The queue counts whole milliseconds; the config allows fractions. */
function wholeMilliseconds(delay: number | readonly [number, number]): PropagationDelay {
  return typeof delay === 'number' ? Math.round(delay) : [Math.round(delay[0]), Math.round(delay[1])];
}

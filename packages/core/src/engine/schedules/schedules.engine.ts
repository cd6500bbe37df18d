import { MESSAGES, NotFoundError, ValidationError } from '../../errors';
import { dedupeRecipients } from '../../rules/recipients.rules';
import { isZonedSchedule, momentIn, scheduleBounds, wallTimeText, instantInZoneText, type ScheduleTiming } from '../../rules/schedule-moments.rules';
import { validateCampaignTriggerSend } from '../../rules/request-validation/trigger-send.validation';
import { validateCanvasTriggerSend } from '../../rules/request-validation/canvas-trigger-send.validation';
import {
  validateCampaignScheduleCreate,
  validateCanvasScheduleCreate,
  validateScheduleDelete,
  validateScheduledBroadcastsQuery,
  validateScheduleUpdate,
  type ScheduleTargetKind,
} from '../../rules/request-validation/schedule.validation';
import type { ValidationResult } from '../../rules/request-validation/validation-result';
import { isIanaTimeZone } from '../../schema/standard-attributes.schema';
import type { CampaignDefinition, CanvasDefinition, MessageCampaignDefinition, MessageDefinition } from '../../schema/mock-config.schema';
import type { DispatchRecipient, DispatchRecord, SkipReason } from '../../schema/responses.schema';
import type { ScheduleChangeResponse, ScheduleCreateResponse, ScheduledBroadcast, ScheduledBroadcastsResponse, ScheduleView } from '../../schema/schedule.schema';
import type { DueWork } from '../due/due-work.scheduler';
import { identifierAsSent, runTrigger } from '../create-and-send.engine';
import { campaignPlan, canvasPlan } from '../pipeline/request-plans.engine';
import { resolveProfile } from '../pipeline/profile-resolution.engine';
import { runLockedUnit, workspaceLockKey } from '../pipeline/locked-unit.engine';
import type { PipelineDeps, RecipientPlan, RunHook, TriggerPlan, TriggerTarget } from '../pipeline/trigger-plan.engine';
import type { DueItem, ProfileRecord, ScheduleFilter, ScheduleProgress, ScheduleRecord, StoreUnit } from '../ports/store.port';
import type { IdSource } from '../support/ids';
import type { WorkspaceClock } from '../support/workspace-clock';

/** What the schedule engine needs of one workspace. */
export interface ScheduleWorkspace {
  name: string;
  clock: WorkspaceClock;
  deps: PipelineDeps;
  due: DueWork;
  campaigns: ReadonlyMap<string, CampaignDefinition>;
  canvases: ReadonlyMap<string, CanvasDefinition>;
  /** Endpoints spec 15. */
  timeZone: string;
  optimalSendHour: number;
  /** A campaign or canvas as the pipeline runs it. */
  target(kind: ScheduleTargetKind, definition: MessageDefinition): TriggerTarget;
  /** Spec 3.2's campaign checks (unknown, not API-triggered, paused, archived), throwing their `ValidationError`. */
  checkCampaign(definition: CampaignDefinition | undefined): MessageCampaignDefinition;
}

/** The payload of a `schedule_moment` due item. */
interface MomentPayload {
  schedule_id: string;
  revision: number;
  at: number;
}

type AnyTriggerRequest = Parameters<typeof campaignPlan>[2] | Parameters<typeof canvasPlan>[2];

const idField = (kind: ScheduleTargetKind): 'campaign_id' | 'canvas_id' => (kind === 'campaign' ? 'campaign_id' : 'canvas_id');
const kindOf = (schedule: ScheduleRecord): ScheduleTargetKind => (schedule.canvas_id === undefined ? 'campaign' : 'canvas');

/** The campaign or canvas a schedule runs, while it is one that sends messages (a campaign turned `api` is none). */
function definitionOf(workspace: ScheduleWorkspace, kind: ScheduleTargetKind, id: string | undefined): MessageDefinition | undefined {
  const definition = id === undefined ? undefined : kind === 'campaign' ? workspace.campaigns.get(id) : workspace.canvases.get(id);
  return definition === undefined || ('type' in definition && definition.type === 'api') ? undefined : (definition as MessageDefinition);
}

/** Held by every unit that reads and writes a schedule, so a moment, an update and a delete never interleave. */
function scheduleLockKey(workspace: string, scheduleId: string): string {
  return `${workspaceLockKey(workspace, 'due')}:schedule:${JSON.stringify(scheduleId)}`;
}

function unwrap<T>(result: ValidationResult<T>): T {
  if (!result.ok) throw result.error;
  return result.value;
}

function timingOf(schedule: { time: string; in_local_time: boolean; at_optimal_time: boolean }): ScheduleTiming {
  return { time: schedule.time, in_local_time: schedule.in_local_time, at_optimal_time: schedule.at_optimal_time };
}

/** The body of a schedule's trigger request (`schedule` is no trigger field; it would be stripped anyway). */
function triggerBody(request: Record<string, unknown>): Record<string, unknown> {
  const { schedule: _schedule, ...rest } = request;
  return rest;
}

function revalidated(kind: ScheduleTargetKind, request: Record<string, unknown>): AnyTriggerRequest {
  return unwrap<AnyTriggerRequest>(kind === 'campaign' ? validateCampaignTriggerSend(triggerBody(request)) : validateCanvasTriggerSend(triggerBody(request)));
}

function planOf(workspace: ScheduleWorkspace, kind: ScheduleTargetKind, definition: MessageDefinition, schedule: ScheduleRecord): TriggerPlan {
  const request = revalidated(kind, schedule.request);
  const target = workspace.target(kind, definition);
  const base =
    kind === 'campaign'
      ? campaignPlan(workspace.name, target, request as Parameters<typeof campaignPlan>[2], { dispatchId: schedule.dispatch_id, newSendId: () => schedule.send_id ?? '' })
      : canvasPlan(workspace.name, target, request as Parameters<typeof canvasPlan>[2], { dispatchId: schedule.dispatch_id });
  return { ...base, sendId: schedule.send_id, source: 'schedule', scheduleId: schedule.schedule_id };
}

/** A recipient's zone (endpoints spec 5.2): a valid `attributes.time_zone`, else the visible profile's, else the workspace's. */
async function recipientZone(workspace: ScheduleWorkspace, recipient: RecipientPlan): Promise<string> {
  const own = recipient.attributes?.['time_zone'];
  if (typeof own === 'string' && isIanaTimeZone(own)) return own;
  const profile = await resolveProfile(workspace.deps.store, workspace.name, recipient);
  return profileZone(workspace, profile);
}

function profileZone(workspace: ScheduleWorkspace, profile: ProfileRecord | undefined): string {
  const zone = profile?.attributes['time_zone'];
  return typeof zone === 'string' && isIanaTimeZone(zone) ? zone : workspace.timeZone;
}

/** Every distinct moment a zoned broadcast can have: W in each zone `Intl` knows (plus the workspace's). */
function broadcastMoments(workspace: ScheduleWorkspace, timing: ScheduleTiming): number[] {
  if (!isZonedSchedule(timing)) return [momentIn(timing, 'UTC', workspace.optimalSendHour)];
  const zones = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', workspace.timeZone]);
  return [...new Set([...zones].map((zone) => momentIn(timing, zone, workspace.optimalSendHour)))];
}

interface Planned {
  progress: ScheduleProgress;
  moments: number[];
  first: number;
  last: number;
}

/**
 * The moments of a schedule at create or update (endpoints spec 5.2): recipients' zones fixed now
 * from the visible profiles, a recipient whose moment has passed skipped `local_time_passed`,
 * duplicates skipped as at send. The last possible moment is always one, so the schedule completes.
 */
async function planMoments(workspace: ScheduleWorkspace, plan: TriggerPlan, timing: ScheduleTiming, revision: number): Promise<Planned> {
  const now = workspace.clock.now();
  const { first, last } = scheduleBounds(timing, workspace.optimalSendHour);
  const progress: ScheduleProgress = { revision, recipients: [], waiting: [], done_profiles: [], planned_ms: now };
  let moments: number[];
  if (plan.recipients === undefined) {
    moments = broadcastMoments(workspace, timing);
  } else {
    const deduped = dedupeRecipients(plan.recipients.map((r) => ({ ...r.identifier, plan: r })));
    for (const { index, recipient, duplicate } of deduped) {
      if (duplicate) {
        progress.recipients.push(skippedEntry(recipient.plan, index, 'duplicate'));
        continue;
      }
      const moment = momentIn(timing, await recipientZone(workspace, recipient.plan), workspace.optimalSendHour);
      if (moment <= now) progress.recipients.push(skippedEntry(recipient.plan, index, 'local_time_passed'));
      else progress.waiting.push({ index, moment_ms: moment });
    }
    moments = progress.waiting.map((entry) => entry.moment_ms);
  }
  const due = [...new Set([...moments, last])].filter((ms) => ms > now).sort((a, b) => a - b);
  return { progress, moments: due, first, last };
}

function skippedEntry(recipient: RecipientPlan, index: number, reason: SkipReason): DispatchRecipient {
  return { index, identifier: identifierAsSent(recipient), outcome: 'skipped', reason, created: false };
}

function dispatchOf(schedule: ScheduleRecord): DispatchRecord {
  const recipients = [...schedule.progress.recipients].sort((a, b) => a.index - b.index);
  const target = schedule.canvas_id === undefined ? { campaign_id: schedule.campaign_id } : { canvas_id: schedule.canvas_id };
  return { dispatch_id: schedule.dispatch_id, ...target, schedule_id: schedule.schedule_id, recipients };
}

function pendingOf(isBroadcast: boolean, progress: ScheduleProgress, moments: number): number {
  return isBroadcast ? moments : progress.waiting.length;
}

async function saveWithMoments(tx: StoreUnit, workspace: ScheduleWorkspace, schedule: ScheduleRecord, moments: readonly number[]): Promise<void> {
  await tx.saveSchedule(workspace.name, schedule);
  for (const at of moments) {
    const payload: MomentPayload = { schedule_id: schedule.schedule_id, revision: schedule.progress.revision, at };
    await tx.addDueItem(workspace.name, { kind: 'schedule_moment', due_ms: at, payload });
  }
  await tx.saveDispatch(workspace.name, dispatchOf(schedule), workspace.deps.retention);
}

/** `POST /{campaigns|canvas}/trigger/schedule/create` (endpoints spec 5.1). */
export async function createSchedule(workspace: ScheduleWorkspace, ids: IdSource, kind: ScheduleTargetKind, body: unknown): Promise<ScheduleCreateResponse> {
  const context = { now: workspace.clock.now(), optimalSendHour: workspace.optimalSendHour };
  const validated = unwrap<{ request: AnyTriggerRequest; schedule: ScheduleTiming }>(
    kind === 'campaign' ? validateCampaignScheduleCreate(body, context) : validateCanvasScheduleCreate(body, context),
  );
  const targetId = kind === 'campaign' ? (validated.request as { campaign_id: string }).campaign_id : (validated.request as { canvas_id: string }).canvas_id;
  let notice: string | undefined;
  if (kind === 'campaign') {
    workspace.checkCampaign(workspace.campaigns.get(targetId));
  } else {
    const canvas = workspace.canvases.get(targetId);
    if (!canvas) throw new ValidationError('canvas_not_found', MESSAGES.canvas_not_found, []);
    if (canvas.status !== 'active') notice = canvas.status === 'paused' ? MESSAGES.canvas_paused : MESSAGES.canvas_archived;
  }
  const request = structuredClone(body) as Record<string, unknown>;
  const isBroadcast = validated.request.recipients === undefined;
  const sendId = kind === 'campaign' ? ((validated.request as { send_id?: string }).send_id ?? (isBroadcast ? ids.sendId() : undefined)) : undefined;
  const nowIso = new Date(context.now).toISOString();
  const draft: ScheduleRecord = {
    schedule_id: ids.scheduleId?.() ?? ids.dispatchId(),
    dispatch_id: ids.dispatchId(),
    [idField(kind)]: targetId,
    ...(sendId === undefined ? {} : { send_id: sendId }),
    state: 'scheduled',
    schedule: timingOf(validated.schedule),
    first_moment: nowIso,
    last_moment: nowIso,
    created_at: nowIso,
    updated_at: nowIso,
    request,
    pending: 0,
    progress: { revision: 1, recipients: [], waiting: [], done_profiles: [], planned_ms: context.now },
  };
  const definition = definitionOf(workspace, kind, targetId) as MessageDefinition;
  const planned = await planMoments(workspace, planOf(workspace, kind, definition, draft), draft.schedule, 1);
  const schedule: ScheduleRecord = {
    ...draft,
    first_moment: new Date(planned.first).toISOString(),
    last_moment: new Date(planned.last).toISOString(),
    progress: planned.progress,
    pending: pendingOf(isBroadcast, planned.progress, planned.moments.length),
  };
  await workspace.deps.store.unit((tx) => saveWithMoments(tx, workspace, schedule, planned.moments));
  if (planned.moments[0] !== undefined) workspace.due.scheduled(planned.moments[0]);
  const response: ScheduleCreateResponse = { dispatch_id: schedule.dispatch_id, schedule_id: schedule.schedule_id, message: 'success' };
  if (notice !== undefined) response.notice = notice;
  return response;
}

/** The schedule a change names, if it is this target's and not deleted (else "Schedule does not exist"). */
async function ownedSchedule(tx: StoreUnit, workspace: string, kind: ScheduleTargetKind, targetId: string, scheduleId: string): Promise<ScheduleRecord> {
  const schedule = await tx.getSchedule(workspace, scheduleId);
  const owner = schedule === undefined ? undefined : kind === 'campaign' ? schedule.campaign_id : schedule.canvas_id;
  if (schedule === undefined || owner !== targetId || schedule.state === 'deleted') throw new ValidationError('schedule_not_found', MESSAGES.schedule_not_found, []);
  return schedule;
}

/** `POST /{campaigns|canvas}/trigger/schedule/update` (endpoints spec 5.3): the new `schedule` replaces the old one. */
export async function updateSchedule(workspace: ScheduleWorkspace, kind: ScheduleTargetKind, body: unknown): Promise<ScheduleChangeResponse> {
  const now = workspace.clock.now();
  const change = unwrap(validateScheduleUpdate(kind, body, { now, optimalSendHour: workspace.optimalSendHour }));
  const first = await workspace.deps.store.unit(async (tx) => {
    await tx.lock([scheduleLockKey(workspace.name, change.scheduleId)]);
    const schedule = await ownedSchedule(tx, workspace.name, kind, change.targetId, change.scheduleId);
    const started = isZonedSchedule(schedule.schedule) && Date.parse(schedule.first_moment) <= now;
    if (schedule.state !== 'scheduled' || started) throw new ValidationError('schedule_not_updatable', MESSAGES.schedule_not_updatable, []);
    const timing = timingOf(change.schedule);
    const definition = definitionOf(workspace, kind, change.targetId);
    if (!definition) throw new ValidationError('schedule_not_found', MESSAGES.schedule_not_found, []);
    const planned = await planMoments(workspace, planOf(workspace, kind, definition, schedule), timing, schedule.progress.revision + 1);
    const updated: ScheduleRecord = {
      ...schedule,
      schedule: timing,
      request: { ...schedule.request, schedule: structuredClone((body as Record<string, unknown>)['schedule']) },
      first_moment: new Date(planned.first).toISOString(),
      last_moment: new Date(planned.last).toISOString(),
      updated_at: new Date(now).toISOString(),
      progress: planned.progress,
      pending: pendingOf(planOf(workspace, kind, definition, schedule).recipients === undefined, planned.progress, planned.moments.length),
    };
    await saveWithMoments(tx, workspace, updated, planned.moments);
    return planned.moments[0];
  });
  if (first !== undefined) workspace.due.scheduled(first);
  return { message: 'success' };
}

/** `POST /{campaigns|canvas}/trigger/schedule/delete` (endpoints spec 5.4): recipients not yet run are skipped `canceled`. */
export async function deleteSchedule(workspace: ScheduleWorkspace, kind: ScheduleTargetKind, body: unknown): Promise<ScheduleChangeResponse> {
  const change = unwrap(validateScheduleDelete(kind, body));
  const now = workspace.clock.now();
  await workspace.deps.store.unit(async (tx) => {
    await tx.lock([scheduleLockKey(workspace.name, change.scheduleId)]);
    const schedule = await ownedSchedule(tx, workspace.name, kind, change.targetId, change.scheduleId);
    if (schedule.state === 'completed') throw new ValidationError('schedule_not_found', MESSAGES.schedule_not_found, []);
    const plan = planOfStored(workspace, schedule);
    const byIndex = new Map((plan?.recipients ?? []).map((recipient, index) => [recipient.index ?? index, recipient]));
    const canceled = schedule.progress.waiting.flatMap(({ index }) => {
      const recipient = byIndex.get(index);
      return recipient ? [skippedEntry(recipient, index, 'canceled')] : [];
    });
    const deleted: ScheduleRecord = {
      ...schedule,
      state: 'deleted',
      updated_at: new Date(now).toISOString(),
      pending: 0,
      progress: { ...schedule.progress, revision: schedule.progress.revision + 1, recipients: [...schedule.progress.recipients, ...canceled], waiting: [] },
    };
    await saveWithMoments(tx, workspace, deleted, []);
  });
  return { message: 'success' };
}

/** The stored request's plan (recipients with their request indexes), or undefined when its target is gone. */
function planOfStored(workspace: ScheduleWorkspace, schedule: ScheduleRecord): TriggerPlan | undefined {
  const kind = kindOf(schedule);
  const definition = definitionOf(workspace, kind, kind === 'campaign' ? schedule.campaign_id : schedule.canvas_id);
  if (!definition) return undefined;
  const plan = planOf(workspace, kind, definition, schedule);
  return plan.recipients === undefined ? plan : { ...plan, recipients: plan.recipients.map((recipient, index) => ({ ...recipient, index })) };
}

/**
 * One due `schedule_moment` (endpoints spec 5.2), in one unit: the item is deleted there (so it
 * runs once), a stale one (older revision, deleted schedule) does nothing more; recipients whose
 * moment has come run through the create-and-send pipeline on the visible state.
 * Resolves false when the item was gone already.
 */
export async function runScheduleMoment(workspace: ScheduleWorkspace, item: DueItem): Promise<boolean> {
  const payload = item.payload as MomentPayload;
  const keys = [workspaceLockKey(workspace.name, 'due'), scheduleLockKey(workspace.name, payload.schedule_id)];
  let current: ScheduleRecord | undefined;
  /** Whether this moment ran (a stale or vanished item is not counted). */
  let ran = false;
  const begin = async (tx: StoreUnit): Promise<boolean> => {
    if (!(await tx.deleteDueItem(workspace.name, item.id))) return false;
    current = await tx.getSchedule(workspace.name, payload.schedule_id);
    ran = current !== undefined && current.state !== 'deleted' && current.state !== 'completed' && current.progress.revision === payload.revision;
    return ran;
  };
  const peek = await workspace.deps.store.getSchedule(workspace.name, payload.schedule_id);
  const plan = peek === undefined ? undefined : planOfStored(workspace, peek);
  if (peek === undefined || plan === undefined) {
    // Nothing to run (reset, or an unknown target): only the item goes.
    await runLockedUnit(workspace.deps.store, keys, begin);
    return false;
  }
  const definition = definitionOf(workspace, kindOf(peek), plan.target.id) as MessageDefinition;
  const finish = async (tx: StoreUnit, recipients: DispatchRecipient[]): Promise<DispatchRecord> => {
    const schedule = current as ScheduleRecord;
    const isBroadcast = plan.recipients === undefined;
    const offset = isBroadcast ? schedule.progress.recipients.length : 0;
    const ran = new Set(recipients.map((entry) => entry.index));
    const progress: ScheduleProgress = {
      ...schedule.progress,
      recipients: [...schedule.progress.recipients, ...recipients.map((entry) => (isBroadcast ? { ...entry, index: entry.index + offset } : entry))],
      waiting: isBroadcast ? schedule.progress.waiting : schedule.progress.waiting.filter((entry) => !ran.has(entry.index)),
    };
    const completed = payload.at >= Date.parse(schedule.last_moment);
    const updated: ScheduleRecord = {
      ...schedule,
      state: completed ? 'completed' : 'sending',
      updated_at: new Date(workspace.clock.now()).toISOString(),
      progress,
      pending: completed ? 0 : isBroadcast ? Math.max(0, schedule.pending - 1) : progress.waiting.length,
    };
    await tx.saveSchedule(workspace.name, updated);
    const dispatch = dispatchOf(updated);
    await tx.saveDispatch(workspace.name, dispatch, workspace.deps.retention);
    return dispatch;
  };
  const dueNow = (schedule: ScheduleRecord | undefined): Set<number> =>
    new Set((schedule?.progress.waiting ?? []).filter((entry) => entry.moment_ms <= payload.at).map((entry) => entry.index));
  const due = dueNow(peek);
  const recipients = plan.recipients?.filter((recipient) => due.has(recipient.index ?? -1));
  const hook: RunHook = {
    keys,
    begin: async (tx) => {
      if (!(await begin(tx))) return false;
      // What was read before the lock must still hold: the same waiting recipients.
      const again = dueNow(current);
      ran = again.size === due.size && [...due].every((index) => again.has(index));
      return ran;
    },
    finish,
    selectBroadcast: (profile) => selectBroadcast(workspace, current as ScheduleRecord, profile, payload.at),
  };
  const active = definition.status === 'active';
  if (!active) {
    const reason: SkipReason = kindOf(peek) === 'campaign' ? 'campaign_inactive' : 'canvas_inactive';
    await runLockedUnit(workspace.deps.store, keys, async (tx) => {
      if (!(await hook.begin(tx))) return;
      await finish(tx, (recipients ?? []).map((recipient) => skippedEntry(recipient, recipient.index ?? 0, reason)));
    });
    return ran;
  }
  await runTrigger(workspace.deps, { ...plan, recipients, hook });
  return ran;
}

/** Broadcast profiles run once each, at their zone's moment; one whose moment had passed when the schedule was made is skipped. */
function selectBroadcast(workspace: ScheduleWorkspace, schedule: ScheduleRecord, profile: ProfileRecord, at: number): ReturnType<NonNullable<RunHook['selectBroadcast']>> {
  const done = schedule.progress.done_profiles;
  if (done.includes(profile.braze_id)) return 'not_now';
  const moment = momentIn(schedule.schedule, profileZone(workspace, profile), workspace.optimalSendHour);
  if (moment > at) return 'not_now';
  done.push(profile.braze_id);
  return moment <= schedule.progress.planned_ms ? { skip: 'local_time_passed' } : 'run';
}

/** A schedule as inspection shows it (endpoints spec 14.2): the engine's bookkeeping left out. */
export function scheduleView(schedule: ScheduleRecord): ScheduleView {
  const { progress: _progress, ...view } = schedule;
  return view;
}

export async function getScheduleView(workspace: ScheduleWorkspace, scheduleId: string): Promise<ScheduleView> {
  const schedule = await workspace.deps.store.getSchedule(workspace.name, scheduleId);
  if (!schedule) throw new NotFoundError(MESSAGES.schedule_view_not_found);
  return scheduleView(schedule);
}

export async function listScheduleViews(workspace: ScheduleWorkspace, filter: ScheduleFilter): Promise<{ schedules: ScheduleView[] }> {
  return { schedules: (await workspace.deps.store.listSchedules(workspace.name, filter)).map(scheduleView) };
}

/** `GET /messages/scheduled_broadcasts` (endpoints spec 5.5): `scheduled` schedules with *first* ≤ the bound, by *first* then creation. */
export async function listScheduledBroadcasts(workspace: ScheduleWorkspace, query: Readonly<Record<string, unknown>>): Promise<ScheduledBroadcastsResponse> {
  const { boundMs } = unwrap(validateScheduledBroadcastsQuery(query));
  const schedules = (await workspace.deps.store.listSchedules(workspace.name, { state: 'scheduled' }))
    .filter((schedule) => Date.parse(schedule.first_moment) <= boundMs)
    .sort((a, b) => Date.parse(a.first_moment) - Date.parse(b.first_moment));
  return { scheduled_broadcasts: schedules.map((schedule) => broadcastEntry(workspace, schedule)), message: 'success' };
}

function broadcastEntry(workspace: ScheduleWorkspace, schedule: ScheduleRecord): ScheduledBroadcast {
  const kind = kindOf(schedule);
  const id = (kind === 'campaign' ? schedule.campaign_id : schedule.canvas_id) ?? '';
  const definition = kind === 'campaign' ? workspace.campaigns.get(id) : workspace.canvases.get(id);
  const timing = schedule.schedule;
  const zoned = isZonedSchedule(timing);
  return {
    name: definition?.name ?? id,
    id,
    type: kind === 'campaign' ? 'Campaign' : 'Canvas',
    tags: definition?.tags ?? [],
    next_send_time: zoned ? wallTimeText(timing, workspace.optimalSendHour) : instantInZoneText(Date.parse(schedule.first_moment), workspace.timeZone),
    schedule_type: timing.in_local_time ? 'local_time_zones' : timing.at_optimal_time ? 'intelligent_delivery' : workspace.timeZone,
    schedule_id: schedule.schedule_id,
  };
}

import { checkReachability, deliveryAddress, subscriptionGroupState } from '../rules/reachability.rules';
import { dedupeRecipients } from '../rules/recipients.rules';
import { emailRecipientMayCreate } from '../rules/prioritization.rules';
import { overlayProperties } from '../rules/trigger-properties.rules';
import type { DispatchIdentifier, DispatchRecipient, DispatchRecord, MessageRecord, SkipReason } from '../schema/responses.schema';
import type { ProfileRecord, StoreUnit } from './ports/store.port';
import { runLockedUnit, type UnitLocks } from './pipeline/locked-unit.engine';
import { referenceLockKeys, resolveLocked } from './pipeline/profile-lock.engine';
import { hasAttributeUpdates, newProfileFor, withAttributes } from './pipeline/profile-factory.engine';
import type { RenderScope } from './render/liquid.renderer';
import type { PipelineDeps, RecipientPlan, TriggerPlan, TriggerTarget } from './pipeline/trigger-plan.engine';
import { isoTime } from './support/clock';

type Outcome = Omit<DispatchRecipient, 'index' | 'identifier'>;
type MessageRecipient = MessageRecord['recipient'];

/** One trigger request's unit of work: where its reads and writes go, and the messages it sends. */
interface TriggerUnit {
  deps: PipelineDeps;
  plan: TriggerPlan;
  tx: StoreUnit;
  /** Appended in one batch with the dispatch record when the request is done. */
  messages: MessageRecord[];
}

/** Profiles per page of a broadcast's scan. */
const BROADCAST_PAGE = 500;

/**
 * Runs a validated trigger request (spec 3.3, 3.4, 4) and records its dispatch, all in one unit
 * of work: its profiles, messages and dispatch record commit together or not at all. Recipients
 * run in request order, each under its profile's lock, held until the unit ends.
 */
export async function runTrigger(deps: PipelineDeps, plan: TriggerPlan): Promise<DispatchRecord | undefined> {
  if (!plan.recipients) return runBroadcast(deps, plan);
  const deduped = dedupeRecipients(plan.recipients.map((r) => ({ ...r.identifier, plan: r })));
  const keys = [...(plan.hook?.keys ?? []), ...referenceLockKeys(plan.workspace, deduped.filter((r) => !r.duplicate).map((r) => r.recipient.plan))];
  return runLockedUnit(deps.store, keys, async (tx, locks) => {
    if (plan.hook && !(await plan.hook.begin(tx))) return undefined;
    const unit: TriggerUnit = { deps, plan, tx, messages: [] };
    const records: DispatchRecipient[] = [];
    for (const { index, recipient, duplicate } of deduped) {
      const outcome = duplicate ? skipped('duplicate', false) : { ...(await sendToRecipient(unit, locks, recipient.plan)), ...recipient.plan.notes };
      records.push({ index: recipient.plan.index ?? index, identifier: identifierAsSent(recipient.plan), ...outcome });
    }
    return recordDispatch(unit, records);
  });
}

/** Spec 4: a paused or archived canvas processes nothing; the dispatch lists every recipient as `canvas_inactive`. */
export async function recordInactiveDispatch(deps: PipelineDeps, plan: TriggerPlan): Promise<DispatchRecord> {
  const recipients: DispatchRecipient[] = (plan.recipients ?? []).map((recipient, index) => ({
    index,
    identifier: identifierAsSent(recipient),
    outcome: 'skipped',
    reason: 'canvas_inactive',
    created: false,
  }));
  return deps.store.unit((tx) => recordDispatch({ deps, plan, tx, messages: [] }, recipients));
}

/** The unit's messages and its dispatch record, written last and together. */
async function recordDispatch(unit: TriggerUnit, recipients: DispatchRecipient[]): Promise<DispatchRecord> {
  const { deps, plan, tx } = unit;
  if (plan.hook) {
    await flushMessages(unit);
    return plan.hook.finish(tx, recipients);
  }
  const dispatch: DispatchRecord = { dispatch_id: plan.dispatchId, [targetKey(plan)]: plan.target.id, recipients };
  await flushMessages(unit);
  await tx.saveDispatch(plan.workspace, dispatch, deps.retention);
  return dispatch;
}

/** Hands the messages so far to the unit (which keeps at most the retention of them). */
async function flushMessages(unit: TriggerUnit): Promise<void> {
  if (unit.messages.length === 0) return;
  await unit.tx.appendMessages(unit.plan.workspace, unit.messages, unit.deps.retention);
  unit.messages = [];
}

/** Steps 2–9 for one recipient, under its profile's lock. */
async function sendToRecipient(unit: TriggerUnit, locks: UnitLocks, recipient: RecipientPlan): Promise<Outcome> {
  const found = await resolveLocked(unit.tx, locks, unit.plan.workspace, recipient);
  const { profile, created } = await upsertProfile(unit, recipient, found);
  if (!profile) return skipped('user_not_found', false);
  return deliver(unit, profile, recipient.properties, recipient, created);
}

/** Steps 3–4: create if asked, apply the recipient's attributes, commit. */
async function upsertProfile(unit: TriggerUnit, recipient: RecipientPlan, found: ProfileRecord | undefined): Promise<{ profile: ProfileRecord | undefined; created: boolean }> {
  const { deps } = unit;
  const { attributes } = recipient;
  const wantsUpdate = hasAttributeUpdates(attributes);
  const now = nowIso(deps);
  const created = !found && !recipient.sendToExistingOnly && wantsUpdate && (recipient.identifier.email === undefined || emailRecipientMayCreate(recipient.prioritization));
  const base = found ?? (created ? newProfileFor(recipient.identifier, deps.ids.brazeId(), now) : undefined);
  if (!base) return { profile: undefined, created: false };
  if (!wantsUpdate) return { profile: base, created: false };
  const profile = withAttributes(base, attributes, now);
  await unit.tx.saveProfile(unit.plan.workspace, profile);
  return { profile, created };
}

/** Steps 5–9 on the updated profile. */
async function deliver(
  unit: TriggerUnit,
  profile: ProfileRecord,
  ownProperties: RecipientPlan['properties'],
  recipient: RecipientPlan | undefined,
  created: boolean,
): Promise<Outcome> {
  const { deps, plan } = unit;
  const { target } = plan;
  if (target.segment && !deps.matchesAudience(target.segment, profile, 'segment')) return skipped('not_in_segment', created);
  if (plan.audience && !deps.matchesAudience(plan.audience, profile, 'audience')) return skipped('not_in_audience', created);
  const reachability = checkReachability(target.channel, profile.attributes, plan.subscription);
  if (!reachability.reachable) return skipped(reachability.reason, created);
  if (target.subscriptionGroupId !== undefined && subscriptionGroupState(profile.attributes, target.subscriptionGroupId) !== 'subscribed') return skipped('not_in_subscription_group', created);

  const properties = overlayProperties(plan.properties, ownProperties);
  const rendered = await deps.renderer.render(deps.compiled(target), renderScope(target, profile, properties));
  if (!rendered.ok) {
    const outcome = skipped(rendered.reason, created);
    return rendered.reason === 'aborted' && rendered.message !== undefined ? { ...outcome, abort_message: rendered.message } : outcome;
  }

  const message = messageFor(deps, plan, profile, recipient, rendered.content, properties);
  unit.messages.push(message);
  return { outcome: 'sent', created, message_id: message.id };
}

/**
 * Spec 3.4: every profile matching the segment and audience; steps 5–9 for each, in one unit.
 * A broadcast changes no profile, so it takes no profile locks: each profile is read as committed
 * (one consistent version per profile), and its messages and dispatch commit together.
 */
function runBroadcast(deps: PipelineDeps, plan: TriggerPlan): Promise<DispatchRecord | undefined> {
  const { hook } = plan;
  return runLockedUnit(deps.store, hook?.keys ?? [], async (tx) => {
    if (hook && !(await hook.begin(tx))) return undefined;
    const unit: TriggerUnit = { deps, plan, tx, messages: [] };
    const records: DispatchRecipient[] = [];
    let after: string | undefined;
    do {
      const page = await tx.scanProfiles(plan.workspace, { after, limit: BROADCAST_PAGE });
      for (const profile of page.profiles) {
        if (!inBroadcastAudience(deps, plan, profile)) continue;
        const selection = hook?.selectBroadcast?.(profile) ?? 'run';
        if (selection === 'not_now') continue;
        if (selection !== 'run') {
          records.push({ index: records.length, identifier: broadcastIdentifier(profile), ...skipped(selection.skip, false) });
          continue;
        }
        const outcome = await deliver(unit, profile, undefined, undefined, false);
        records.push({ index: records.length, identifier: broadcastIdentifier(profile), ...outcome });
      }
      // Page by page, so a broadcast to a million profiles never holds a million messages.
      await flushMessages(unit);
      after = page.next;
    } while (after !== undefined);
    return recordDispatch(unit, records);
  });
}

function inBroadcastAudience(deps: PipelineDeps, plan: TriggerPlan, profile: ProfileRecord): boolean {
  const inSegment = !plan.target.segment || deps.matchesAudience(plan.target.segment, profile, 'segment');
  return inSegment && (!plan.audience || deps.matchesAudience(plan.audience, profile, 'audience'));
}

function messageFor(
  deps: PipelineDeps,
  plan: TriggerPlan,
  profile: ProfileRecord,
  recipient: RecipientPlan | undefined,
  content: Record<string, string>,
  properties: Record<string, unknown>,
): MessageRecord {
  const message: MessageRecord = {
    id: deps.ids.messageId(),
    dispatch_id: plan.dispatchId,
    [targetKey(plan)]: plan.target.id,
    source: plan.source ?? 'trigger',
    channel: plan.target.channel,
    recipient: messageRecipient(profile, recipient, plan.target.channel),
    content,
    trigger_properties: { ...properties },
    sent_at: nowIso(deps),
  };
  if (plan.sendId !== undefined) message.send_id = plan.sendId;
  if (plan.scheduleId !== undefined) message.schedule_id = plan.scheduleId;
  if (plan.externalSendId !== undefined) message.external_send_id = plan.externalSendId;
  if (plan.attachments && plan.target.channel === 'email') message.attachments = plan.attachments.map((a) => ({ file_name: a.file_name, url: a.url }));
  return message;
}

function messageRecipient(profile: ProfileRecord, recipient: RecipientPlan | undefined, channel: MessageRecord['channel']): MessageRecipient {
  const result: MessageRecipient = { braze_id: profile.braze_id };
  if (profile.external_id !== undefined) result.external_user_id = profile.external_id;
  const alias = recipient?.identifier.user_alias;
  if (alias) result.user_alias = { alias_name: alias.alias_name, alias_label: alias.alias_label };
  const address = deliveryAddress(channel, profile.attributes);
  if (address !== undefined) result.address = address;
  return result;
}

/** The identifier a dispatch records for a recipient: the one the request used (TS §9). */
export function identifierAsSent(recipient: RecipientPlan): DispatchIdentifier {
  const { identifier } = recipient;
  if (identifier.external_user_id !== undefined) return { external_user_id: identifier.external_user_id };
  if (identifier.user_alias !== undefined) return { user_alias: { alias_name: identifier.user_alias.alias_name, alias_label: identifier.user_alias.alias_label } };
  if (identifier.braze_id !== undefined) return { braze_id: identifier.braze_id };
  return recipient.prioritization ? { email: identifier.email, prioritization: [...recipient.prioritization] } : { email: identifier.email };
}

function broadcastIdentifier(profile: ProfileRecord): DispatchIdentifier {
  return profile.external_id !== undefined ? { external_user_id: profile.external_id } : { braze_id: profile.braze_id };
}

function renderScope(target: TriggerTarget, profile: ProfileRecord, properties: Record<string, unknown>): RenderScope {
  const profileIds = { external_id: profile.external_id, braze_id: profile.braze_id };
  return target.kind === 'campaign'
    ? { attributes: profile.attributes, apiTriggerProperties: properties, profile: profileIds }
    : { attributes: profile.attributes, apiTriggerProperties: {}, context: properties, profile: profileIds };
}

function skipped(reason: SkipReason, created: boolean): Outcome {
  return { outcome: 'skipped', reason, created };
}

function targetKey(plan: TriggerPlan): 'campaign_id' | 'canvas_id' {
  return plan.target.kind === 'campaign' ? 'campaign_id' : 'canvas_id';
}

function nowIso(deps: PipelineDeps): string {
  return isoTime(deps.clock.now());
}

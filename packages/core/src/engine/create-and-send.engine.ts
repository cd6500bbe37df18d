import { checkReachability } from '../rules/reachability.rules';
import { dedupeRecipients } from '../rules/recipients.rules';
import { emailRecipientMayCreate } from '../rules/prioritization.rules';
import { overlayProperties } from '../rules/trigger-properties.rules';
import type { DispatchIdentifier, DispatchRecipient, DispatchRecord, MessageRecord, SkipReason } from '../schema/responses.schema';
import type { ProfileRecord } from './ports/store.port';
import { withProfileByBrazeId, withResolvedProfile } from './pipeline/profile-lock.engine';
import { hasAttributeUpdates, newProfileFor, withAttributes } from './pipeline/profile-factory.engine';
import type { RenderScope } from './render/liquid.renderer';
import type { PipelineDeps, RecipientPlan, TriggerPlan, TriggerTarget } from './pipeline/trigger-plan.engine';

type Outcome = Omit<DispatchRecipient, 'index' | 'identifier'>;
type MessageRecipient = MessageRecord['recipient'];

/**
 * Runs a validated trigger request (spec 3.3, 3.4, 4) and records its dispatch. Recipients run in
 * request order, one at a time, each under its profile's lock.
 */
export async function runTrigger(deps: PipelineDeps, plan: TriggerPlan): Promise<DispatchRecord> {
  const recipients = plan.recipients ? await sendToRecipients(deps, plan, plan.recipients) : await broadcast(deps, plan);
  const dispatch: DispatchRecord = { dispatch_id: plan.dispatchId, [targetKey(plan)]: plan.target.id, recipients };
  await deps.store.saveDispatch(plan.workspace, dispatch);
  return dispatch;
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
  const dispatch: DispatchRecord = { dispatch_id: plan.dispatchId, [targetKey(plan)]: plan.target.id, recipients };
  await deps.store.saveDispatch(plan.workspace, dispatch);
  return dispatch;
}

async function sendToRecipients(deps: PipelineDeps, plan: TriggerPlan, recipients: readonly RecipientPlan[]): Promise<DispatchRecipient[]> {
  const records: DispatchRecipient[] = [];
  for (const { index, recipient, duplicate } of dedupeRecipients(recipients.map((r) => ({ ...r.identifier, plan: r })))) {
    const outcome = duplicate ? skipped('duplicate', false) : { ...(await sendToRecipient(deps, plan, recipient.plan)), ...recipient.plan.notes };
    records.push({ index, identifier: identifierAsSent(recipient.plan), ...outcome });
  }
  return records;
}

/** Steps 2–9 for one recipient, under its profile's lock. */
function sendToRecipient(deps: PipelineDeps, plan: TriggerPlan, recipient: RecipientPlan): Promise<Outcome> {
  return withResolvedProfile(deps, plan.workspace, recipient, async (found) => {
    const { profile, created } = await upsertProfile(deps, plan.workspace, recipient, found);
    if (!profile) return skipped('user_not_found', false);
    return deliver(deps, plan, profile, recipient.properties, recipient, created);
  });
}

/** Steps 3–4: create if asked, apply the recipient's attributes, commit. */
async function upsertProfile(
  deps: PipelineDeps,
  workspace: string,
  recipient: RecipientPlan,
  found: ProfileRecord | undefined,
): Promise<{ profile: ProfileRecord | undefined; created: boolean }> {
  const { attributes } = recipient;
  const wantsUpdate = hasAttributeUpdates(attributes);
  const now = nowIso(deps);
  const created = !found && !recipient.sendToExistingOnly && wantsUpdate && (recipient.identifier.email === undefined || emailRecipientMayCreate(recipient.prioritization));
  const base = found ?? (created ? newProfileFor(recipient.identifier, deps.ids.brazeId(), now) : undefined);
  if (!base) return { profile: undefined, created: false };
  if (!wantsUpdate) return { profile: base, created: false };
  const profile = withAttributes(base, attributes, now);
  await deps.store.saveProfile(workspace, profile);
  return { profile, created };
}

/** Steps 5–9 on the updated profile. */
async function deliver(
  deps: PipelineDeps,
  plan: TriggerPlan,
  profile: ProfileRecord,
  ownProperties: RecipientPlan['properties'],
  recipient: RecipientPlan | undefined,
  created: boolean,
): Promise<Outcome> {
  const { target } = plan;
  if (target.segment && !deps.matchesAudience(target.segment, profile, 'segment')) return skipped('not_in_segment', created);
  if (plan.audience && !deps.matchesAudience(plan.audience, profile, 'audience')) return skipped('not_in_audience', created);
  const reachability = checkReachability(target.channel, profile.attributes);
  if (!reachability.reachable) return skipped(reachability.reason, created);

  const properties = overlayProperties(plan.properties, ownProperties);
  const rendered = await deps.renderer.render(deps.compiled(target), renderScope(target, profile, properties));
  if (!rendered.ok) return skipped(rendered.reason, created);

  const message = messageFor(deps, plan, profile, recipient, rendered.content, properties);
  await deps.store.appendMessages(plan.workspace, [message]);
  return { outcome: 'sent', created, message_id: message.id };
}

/** Spec 3.4: every profile matching the segment and audience; steps 5–9 for each. */
async function broadcast(deps: PipelineDeps, plan: TriggerPlan): Promise<DispatchRecipient[]> {
  const brazeIds: string[] = [];
  for await (const profile of deps.store.scanProfiles(plan.workspace)) {
    if (inBroadcastAudience(deps, plan, profile)) brazeIds.push(profile.braze_id);
  }
  const records: DispatchRecipient[] = [];
  for (const brazeId of brazeIds) {
    const record = await withProfileByBrazeId(deps, plan.workspace, brazeId, async (profile) => {
      if (!profile || !inBroadcastAudience(deps, plan, profile)) return undefined;
      return { identifier: broadcastIdentifier(profile), ...(await deliver(deps, plan, profile, undefined, undefined, false)) };
    });
    if (record) records.push({ index: records.length, ...record });
  }
  return records;
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
    channel: plan.target.channel,
    recipient: messageRecipient(profile, recipient),
    content,
    trigger_properties: { ...properties },
    sent_at: nowIso(deps),
  };
  if (plan.sendId !== undefined) message.send_id = plan.sendId;
  if (plan.attachments && plan.target.channel === 'email') message.attachments = plan.attachments.map((a) => ({ file_name: a.file_name, url: a.url }));
  return message;
}

function messageRecipient(profile: ProfileRecord, recipient: RecipientPlan | undefined): MessageRecipient {
  const result: MessageRecipient = { braze_id: profile.braze_id };
  if (profile.external_id !== undefined) result.external_user_id = profile.external_id;
  const alias = recipient?.identifier.user_alias;
  if (alias) result.user_alias = { alias_name: alias.alias_name, alias_label: alias.alias_label };
  return result;
}

function identifierAsSent(recipient: RecipientPlan): DispatchIdentifier {
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
  return new Date(deps.clock.now()).toISOString();
}

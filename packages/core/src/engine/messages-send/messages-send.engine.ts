import { MESSAGES, ValidationError } from '../../errors';
import { validateMessagesSend } from '../../rules/request-validation/messages-send.validation';
import { deliveryAddress, pushTokensFor, subscriptionGroupState, subscriptionProblem, type PushPlatform, type SubscriptionRequirement } from '../../rules/reachability.rules';
import { dedupeRecipients, type RecipientIdentifiers } from '../../rules/recipients.rules';
import { isPlainObject } from '../../schema/json-object.schema';
import {
  ANDROID_PUSH_MAX_BYTES,
  androidPushBytes,
  APPLE_PUSH_MAX_BYTES,
  applePushBytes,
  MESSAGE_KEYS,
  type MessageKey,
  type MessagesSendRequest,
  type MessagesSendResponse,
} from '../../schema/messages-send.schema';
import type { CampaignDefinition, SegmentConfig, SubscriptionGroupConfig } from '../../schema/mock-config.schema';
import type { DispatchIdentifier, DispatchRecipient, DispatchRecord, MessageRecord, SkipReason } from '../../schema/responses.schema';
import { checkedApiCampaign } from '../pipeline/delivery-definition.engine';
import { runLockedUnit } from '../pipeline/locked-unit.engine';
import { referenceLockKeys, resolveLocked } from '../pipeline/profile-lock.engine';
import type { PipelineDeps } from '../pipeline/trigger-plan.engine';
import type { ProfileRecord, StoreUnit } from '../ports/store.port';
import type { CompiledTemplate } from '../render/liquid.renderer';
import { isoTime } from '../support/clock';
import type { IdSource } from '../support/ids';

/** What `/messages/send` needs of its workspace (endpoints spec 3, 15). */
export interface MessagesSendWorkspace {
  name: string;
  deps: PipelineDeps;
  campaigns: ReadonlyMap<string, CampaignDefinition>;
  segments: ReadonlyMap<string, SegmentConfig>;
  subscriptionGroups: ReadonlyMap<string, SubscriptionGroupConfig>;
  /** The platform of a configured app (`apps`); undefined: unknown. */
  platformOf(appId: string): PushPlatform | undefined;
}

/** One message object of the request, its Liquid parsed once for every target. */
interface PreparedMessage {
  key: MessageKey;
  object: Readonly<Record<string, unknown>>;
  /** The object's string leaves holding Liquid, by their path. */
  templated: readonly (readonly PropertyKey[])[];
  compiled: CompiledTemplate;
}

/** A request ready to run against targets. */
interface SendPlan {
  ws: MessagesSendWorkspace;
  request: MessagesSendRequest;
  dispatchId: string;
  segment: SegmentConfig | undefined;
  subscription: SubscriptionRequirement;
  prepared: readonly PreparedMessage[];
}

type Entry = Omit<DispatchRecipient, 'index' | 'identifier'>;

/** Profiles per page of a broadcast's scan. */
const BROADCAST_PAGE = 500;

/**
 * `POST /messages/send` (endpoints spec 3): validation, the workspace's references (SMS
 * subscription group, segment, campaign), then every target in one unit of work: listed users
 * under their profiles' locks, or with `broadcast` every visible profile in the segment and
 * audience. Profiles are never created or changed. Each target gets one dispatch entry per message
 * object, in the order email, apple_push, android_push, sms.
 */
export async function sendMessages(ws: MessagesSendWorkspace, ids: IdSource, body: unknown): Promise<MessagesSendResponse> {
  const validated = validateMessagesSend(body);
  if (!validated.ok) throw validated.error;
  const request = validated.value;
  checkSmsGroup(ws, request);
  const segment = request.segment_id === undefined ? undefined : ws.segments.get(request.segment_id);
  if (request.segment_id !== undefined && segment === undefined) throw new ValidationError('segment_not_found', MESSAGES.segment_not_found, []);
  if (request.campaign_id !== undefined) checkedApiCampaign(ws.campaigns.get(request.campaign_id));
  const plan: SendPlan = { ws, request, dispatchId: ids.dispatchId(), segment, subscription: request.recipient_subscription_state, prepared: prepareMessages(ws, request) };
  await (request.broadcast ? runBroadcast(plan) : runListed(plan));
  return request.send_id === undefined ? { dispatch_id: plan.dispatchId, message: 'success' } : { dispatch_id: plan.dispatchId, message: 'success', send_id: request.send_id };
}

/** Spec 3.1: an SMS goes through an `sms` or `whatsapp` subscription group of the workspace (rule 11). */
function checkSmsGroup(ws: MessagesSendWorkspace, request: MessagesSendRequest): void {
  const sms = request.messages.sms;
  if (sms === undefined) return;
  const group = ws.subscriptionGroups.get(sms.subscription_group_id);
  if (group === undefined) throw invalidMessages(`messages.sms.subscription_group_id: no subscription group ${JSON.stringify(sms.subscription_group_id)} in this workspace`);
  if (group.channel === 'email') throw invalidMessages(`messages.sms.subscription_group_id: ${JSON.stringify(group.id)} is an email subscription group; an SMS needs an sms or whatsapp one`);
}

function invalidMessages(error: string): ValidationError {
  return new ValidationError('invalid_messages', MESSAGES.invalid_messages, [error]);
}

/** The present message objects in delivery order, each with its Liquid fields compiled once. */
function prepareMessages(ws: MessagesSendWorkspace, request: MessagesSendRequest): PreparedMessage[] {
  const prepared: PreparedMessage[] = [];
  for (const key of MESSAGE_KEYS) {
    const object = request.messages[key] as Readonly<Record<string, unknown>> | undefined;
    if (object === undefined) continue;
    const templated: PropertyKey[][] = [];
    const fields: Record<string, string> = {};
    collectTemplates(object, [], templated, fields);
    prepared.push({ key, object, templated, compiled: ws.deps.renderer.compile(fields) });
  }
  return prepared;
}

/** String leaves that can hold Liquid (a `{`); plain text needs no render. Fields are named by index. */
function collectTemplates(value: unknown, path: PropertyKey[], out: PropertyKey[][], fields: Record<string, string>): void {
  if (typeof value === 'string') {
    if (!value.includes('{')) return;
    fields[String(out.length)] = value;
    out.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((item: unknown, index) => collectTemplates(item, [...path, index], out, fields));
  } else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) collectTemplates(item, [...path, key], out, fields);
  }
}

/** Spec 3.3: listed users (external ids, then aliases; repeats `duplicate`), each under its lock, in one unit. */
async function runListed(plan: SendPlan): Promise<void> {
  const { ws, request } = plan;
  const identifiers: RecipientIdentifiers[] = [
    ...(request.external_user_ids ?? []).map((id) => ({ external_user_id: id })),
    ...(request.user_aliases ?? []).map((alias) => ({ user_alias: { alias_name: alias.alias_name, alias_label: alias.alias_label } })),
  ];
  const deduped = dedupeRecipients(identifiers);
  const references = deduped.filter((r) => !r.duplicate).map((r) => ({ identifier: r.recipient }));
  await runLockedUnit(ws.deps.store, referenceLockKeys(ws.name, references), async (tx, locks) => {
    const messages: MessageRecord[] = [];
    const entries: DispatchRecipient[] = [];
    for (const { index, recipient, duplicate } of deduped) {
      const identifier = identifierOf(recipient);
      if (duplicate) {
        entries.push(...sameForEvery(plan, index, identifier, 'duplicate'));
        continue;
      }
      const profile = await resolveLocked(tx, locks, ws.name, { identifier: recipient });
      const reason = profile === undefined ? 'user_not_found' : targetSkip(plan, profile);
      if (profile === undefined || reason !== undefined) entries.push(...sameForEvery(plan, index, identifier, reason ?? 'user_not_found'));
      else entries.push(...(await deliverAll(plan, profile, recipient, messages)).map((entry) => ({ index, identifier, ...entry })));
    }
    await record(plan, tx, messages, entries);
  });
}

/** Spec 3.3 with `broadcast`: every visible profile in the segment and the audience, read as committed (nothing is written to profiles). */
async function runBroadcast(plan: SendPlan): Promise<void> {
  const { ws } = plan;
  await runLockedUnit(ws.deps.store, [], async (tx) => {
    const entries: DispatchRecipient[] = [];
    let target = 0;
    let after: string | undefined;
    do {
      const page = await tx.scanProfiles(ws.name, { after, limit: BROADCAST_PAGE });
      const messages: MessageRecord[] = [];
      for (const profile of page.profiles) {
        if (targetSkip(plan, profile) !== undefined) continue;
        const identifier: DispatchIdentifier = profile.external_id !== undefined ? { external_user_id: profile.external_id } : { braze_id: profile.braze_id };
        const index = target++;
        entries.push(...(await deliverAll(plan, profile, undefined, messages)).map((entry) => ({ index, identifier, ...entry })));
      }
      // Page by page, so a broadcast to a million profiles never holds a million messages.
      if (messages.length > 0) await tx.appendMessages(ws.name, messages, ws.deps.retention);
      after = page.next;
    } while (after !== undefined);
    await record(plan, tx, [], entries);
  });
}

async function record(plan: SendPlan, tx: StoreUnit, messages: MessageRecord[], recipients: DispatchRecipient[]): Promise<void> {
  const { ws, request } = plan;
  if (messages.length > 0) await tx.appendMessages(ws.name, messages, ws.deps.retention);
  const dispatch: DispatchRecord = { dispatch_id: plan.dispatchId, recipients };
  if (request.campaign_id !== undefined) dispatch.campaign_id = request.campaign_id;
  await tx.saveDispatch(ws.name, dispatch, ws.deps.retention);
}

/** The target-level checks before any message object: the segment, then the audience. */
function targetSkip(plan: SendPlan, profile: ProfileRecord): SkipReason | undefined {
  const { deps } = plan.ws;
  if (plan.segment && !deps.matchesAudience(plan.segment.filter, profile, 'segment')) return 'not_in_segment';
  if (plan.request.audience && !deps.matchesAudience(plan.request.audience, profile, 'audience')) return 'not_in_audience';
  return undefined;
}

/** "An earlier skip repeats its reason": one entry per message object. */
function sameForEvery(plan: SendPlan, index: number, identifier: DispatchIdentifier, reason: SkipReason): DispatchRecipient[] {
  return plan.prepared.map(({ key }) => ({ index, identifier, outcome: 'skipped', reason, created: false, message_type: key }));
}

async function deliverAll(plan: SendPlan, profile: ProfileRecord, listed: RecipientIdentifiers | undefined, messages: MessageRecord[]): Promise<Entry[]> {
  const entries: Entry[] = [];
  for (const message of plan.prepared) entries.push(await deliverOne(plan, profile, listed, message, messages));
  return entries;
}

/** One message object to one target: subscription, address, render, size, record. */
async function deliverOne(plan: SendPlan, profile: ProfileRecord, listed: RecipientIdentifiers | undefined, message: PreparedMessage, messages: MessageRecord[]): Promise<Entry> {
  const { deps } = plan.ws;
  const skip = (reason: SkipReason, extra: Partial<Entry> = {}): Entry => ({ outcome: 'skipped', reason, created: false, message_type: message.key, ...extra });
  const reach = reachOf(plan, profile, message);
  if ('skip' in reach) return skip(reach.skip);
  const rendered = await deps.renderer.render(message.compiled, { attributes: profile.attributes, apiTriggerProperties: {}, profile: { external_id: profile.external_id, braze_id: profile.braze_id } });
  if (!rendered.ok) return rendered.reason === 'aborted' && rendered.message !== undefined ? skip('aborted', { abort_message: rendered.message }) : skip(rendered.reason);
  const content = withRendered(message, rendered.content);
  if (tooLarge(message.key, content)) return skip('payload_too_large');
  const record = messageRecord(plan, profile, listed, message.key, content, reach, deps.ids.messageId());
  messages.push(record);
  return { outcome: 'sent', created: false, message_id: record.id, message_type: message.key };
}

/** Where a message object goes: the email or phone, the push tokens, or why it does not. */
type Reach = { skip: SkipReason } | { address: string; tokens?: string[] };

/** The subscription and address checks of spec 3.3, in that order; addresses read as the trigger endpoints read them (`deliveryAddress`). */
function reachOf(plan: SendPlan, profile: ProfileRecord, message: PreparedMessage): Reach {
  const attributes = profile.attributes;
  const read = (key: string): unknown => (Object.hasOwn(attributes, key) ? attributes[key] : undefined);
  switch (message.key) {
    case 'email': {
      const problem = subscriptionProblem(read('email_subscribe'), plan.subscription);
      if (problem && !problem.reachable) return { skip: problem.reason };
      const email = deliveryAddress('email', attributes);
      return email === undefined ? { skip: 'no_email' } : { address: email };
    }
    case 'apple_push':
    case 'android_push': {
      const problem = subscriptionProblem(read('push_subscribe'), plan.subscription);
      if (problem && !problem.reachable) return { skip: problem.reason };
      const all = pushTokensFor(attributes, message.key === 'apple_push' ? 'ios' : 'android', plan.ws.platformOf);
      const tokens = message.object['send_to_most_recent_device_only'] === true ? all.slice(-1) : all;
      const first = tokens[0];
      return first === undefined ? { skip: 'no_push_token' } : { address: first, tokens };
    }
    case 'sms': {
      const phone = deliveryAddress('sms', attributes);
      if (phone === undefined) return { skip: 'no_phone' };
      const group = message.object['subscription_group_id'];
      return typeof group === 'string' && subscriptionGroupState(attributes, group) === 'subscribed' ? { address: phone } : { skip: 'not_in_subscription_group' };
    }
  }
}

/** The message object with its Liquid leaves replaced by their rendering (the object itself is never changed). */
function withRendered(message: PreparedMessage, rendered: Record<string, unknown>): Record<string, unknown> {
  // Nothing to render: every target's message shares the object as given (it is never changed).
  if (message.templated.length === 0) return { ...message.object };
  const content = structuredClone(message.object) as Record<string, unknown>;
  message.templated.forEach((path, index) => {
    let at: Record<PropertyKey, unknown> = content;
    for (const step of path.slice(0, -1)) at = at[step] as Record<PropertyKey, unknown>;
    const last = path[path.length - 1];
    if (last !== undefined) at[last] = rendered[String(index)];
  });
  return content;
}

/** Braze: "If the final rendered payload is larger … the send won't be successful." */
function tooLarge(key: MessageKey, content: Record<string, unknown>): boolean {
  if (key === 'apple_push') return applePushBytes(content) > APPLE_PUSH_MAX_BYTES;
  if (key === 'android_push') return androidPushBytes(content) > ANDROID_PUSH_MAX_BYTES;
  return false;
}

function messageRecord(
  plan: SendPlan,
  profile: ProfileRecord,
  listed: RecipientIdentifiers | undefined,
  key: MessageKey,
  content: Record<string, unknown>,
  reach: { address: string; tokens?: string[] },
  id: string,
): MessageRecord {
  const { request, ws } = plan;
  const recipient: MessageRecord['recipient'] = { braze_id: profile.braze_id };
  if (profile.external_id !== undefined) recipient.external_user_id = profile.external_id;
  if (listed?.user_alias) recipient.user_alias = { alias_name: listed.user_alias.alias_name, alias_label: listed.user_alias.alias_label };
  recipient.address = reach.address;
  const channel = key === 'email' ? 'email' : key === 'sms' ? 'sms' : 'push';
  const message: MessageRecord = {
    id,
    dispatch_id: plan.dispatchId,
    source: 'messages_send',
    channel,
    recipient,
    content: reach.tokens === undefined ? content : { ...content, tokens: reach.tokens },
    trigger_properties: {},
    sent_at: isoTime(ws.deps.clock.now()),
  };
  if (key === 'apple_push') message.platform = 'ios';
  if (key === 'android_push') message.platform = 'android';
  if (request.campaign_id !== undefined) message.campaign_id = request.campaign_id;
  if (request.send_id !== undefined) message.send_id = request.send_id;
  return message;
}

function identifierOf(recipient: RecipientIdentifiers): DispatchIdentifier {
  if (recipient.external_user_id !== undefined) return { external_user_id: recipient.external_user_id };
  const alias = recipient.user_alias;
  return alias ? { user_alias: { alias_name: alias.alias_name, alias_label: alias.alias_label } } : {};
}

import { MESSAGES, ValidationError } from '../../errors';
import { validateTransactionalSend } from '../../rules/request-validation/transactional-send.validation';
import { recipientAttributes } from '../../rules/recipient-attributes.rules';
import type { CampaignDefinition, MessageCampaignDefinition } from '../../schema/mock-config.schema';
import type { DispatchRecipient, DispatchRecord } from '../../schema/responses.schema';
import type { TransactionalRecipient, TransactionalSendRequest, TransactionalSendResponse } from '../../schema/transactional-send.schema';
import type { UserAlias } from '../../schema/user-alias.schema';
import type { RecipientIdentifiers } from '../../rules/recipients.rules';
import { runTrigger } from '../create-and-send.engine';
import { checkedCampaignOfType } from '../pipeline/delivery-definition.engine';
import { workspaceLockKey } from '../pipeline/locked-unit.engine';
import type { PipelineDeps, RecipientPlan, TriggerPlan } from '../pipeline/trigger-plan.engine';
import type { ProfileRef, StoreUnit } from '../ports/store.port';
import type { IdSource } from '../support/ids';
import type { PostbackQueue } from './postbacks';

/** Braze stores the key for 24 hours (endpoints spec 4.3), on the mock clock. */
export const EXTERNAL_SEND_ID_WINDOW_MS = 86_400_000;

/** What a transactional send needs of its workspace. */
export interface TransactionalWorkspace {
  name: string;
  deps: PipelineDeps;
  campaigns: ReadonlyMap<string, CampaignDefinition>;
  postbacks: PostbackQueue;
  /** The postback URL now (config, or `PUT /_mock/settings`); null: none sent. */
  postbackUrl(): string | null;
  /** Keys of sends of this process still processing (a repeat meanwhile answers 400). */
  inFlight: Set<string>;
}

/** Bounces: an address at this domain bounces (endpoints spec 4.4). */
const BOUNCE_DOMAIN = 'bounce.invalid';
const BOUNCE_REASON = '550 5.1.1 The email account that you tried to reach does not exist';

/**
 * `POST /transactional/v1/campaigns/{campaign_id}/send` (endpoints spec 4): validation, the
 * campaign checks, then the `external_send_id` key (a repeat within 24 hours answers the first 201
 * again), then one recipient through the create-and-send pipeline with no segment, audience or
 * subscription check. The dispatch, the message and the key commit together; postbacks are queued
 * after the commit and never delay the answer.
 */
export async function sendTransactional(ws: TransactionalWorkspace, ids: IdSource, campaignId: string, body: unknown): Promise<TransactionalSendResponse> {
  const validated = validateTransactionalSend(campaignId, body);
  if (!validated.ok) throw validated.error;
  const request = validated.value;
  const definition = checkedCampaignOfType(ws.campaigns.get(request.campaign_id), 'transactional', 'campaign_not_transactional');
  const externalSendId = request.external_send_id;
  const key = externalSendId === undefined ? undefined : JSON.stringify([request.campaign_id, externalSendId]);
  if (key !== undefined && ws.inFlight.has(key)) throw queued();
  if (key !== undefined) ws.inFlight.add(key);
  try {
    return await run(ws, ids, definition, request, key);
  } finally {
    if (key !== undefined) ws.inFlight.delete(key);
  }
}

async function run(ws: TransactionalWorkspace, ids: IdSource, definition: MessageCampaignDefinition, request: TransactionalSendRequest, key: string | undefined): Promise<TransactionalSendResponse> {
  const { deps } = ws;
  const { external_send_id: externalSendId, campaign_id: campaignId } = request;
  const dispatchId = ids.dispatchId();
  const now = deps.clock.now();
  const who = recipientIdentity(request.recipient);
  let repeated: TransactionalSendResponse | undefined;
  let answer: { response: TransactionalSendResponse; postbacks: Record<string, unknown>[] } | undefined;
  const plan: TriggerPlan = {
    workspace: ws.name,
    target: { kind: 'campaign', id: definition.id, channel: 'email', segment: undefined, message: definition.message },
    dispatchId,
    properties: request.trigger_properties,
    recipients: [recipientPlan(request.recipient, who.identifier)],
    source: 'transactional',
    externalSendId,
    subscription: 'all',
    hook: {
      keys: [],
      async begin(tx) {
        if (key === undefined || externalSendId === undefined) return true;
        // Another process on the same database holds the key while its send is processing.
        if (!(await tx.tryLock(workspaceLockKey(ws.name, `external_send_id:${key}`)))) throw queued();
        const first = await tx.getTransactionalSend(ws.name, campaignId, externalSendId);
        if (first === undefined || first.expires_ms <= now) return true;
        repeated = first.response as TransactionalSendResponse;
        return false;
      },
      async finish(tx, recipients) {
        const dispatch: DispatchRecord = { dispatch_id: dispatchId, campaign_id: definition.id, recipients };
        await tx.saveDispatch(ws.name, dispatch, deps.retention);
        const email = await emailOf(tx, ws.name, who.ref);
        answer = outcomeOf(dispatchId, campaignId, externalSendId, recipients[0], email, new Date(now));
        if (externalSendId !== undefined) {
          const record = { campaign_id: campaignId, external_send_id: externalSendId, response: answer.response, expires_ms: now + EXTERNAL_SEND_ID_WINDOW_MS };
          await tx.saveTransactionalSend(ws.name, record, now);
        }
        return dispatch;
      },
    },
  };
  await runTrigger(deps, plan);
  if (repeated !== undefined) return repeated;
  if (answer === undefined) throw new Error('A transactional send finished without an answer');
  const url = ws.postbackUrl();
  if (url !== null) ws.postbacks.enqueue(url, answer.postbacks);
  return answer.response;
}

function queued(): ValidationError {
  return new ValidationError('external_send_id_queued', MESSAGES.external_send_id_queued, []);
}

/** Spec 4.2 step 1: an `external_user_id` with attributes creates a missing user; an alias never does. */
function recipientPlan(recipient: TransactionalRecipient, identifier: RecipientIdentifiers): RecipientPlan {
  const { attributes, notes } = recipientAttributes('campaign', 0, recipient.attributes);
  return { identifier, sendToExistingOnly: identifier.external_user_id === undefined, attributes, notes };
}

/** The recipient's one identifier (validation guarantees exactly one), as the pipeline and the store name it. */
function recipientIdentity(recipient: TransactionalRecipient): { identifier: RecipientIdentifiers; ref: ProfileRef } {
  if (recipient.external_user_id !== undefined) return { identifier: { external_user_id: recipient.external_user_id }, ref: { external_id: recipient.external_user_id } };
  const alias = recipient.user_alias as UserAlias;
  const copy = { alias_name: alias.alias_name, alias_label: alias.alias_label };
  return { identifier: { user_alias: copy }, ref: { user_alias: copy } };
}

async function emailOf(tx: StoreUnit, workspace: string, ref: ProfileRef): Promise<string | undefined> {
  const email = (await tx.findProfile(workspace, ref))?.attributes['email'];
  return typeof email === 'string' ? email : undefined;
}

/** Why a transactional send was aborted, in Braze's words where it has them (spec 4.2). */
function abortReason(entry: DispatchRecipient): string {
  switch (entry.reason) {
    case 'user_not_found':
      return 'User not found';
    case 'no_email':
      return 'User not emailable';
    case 'aborted':
      return entry.abort_message === undefined ? 'Liquid abort_message called' : `Liquid abort_message called: ${entry.abort_message}`;
    default:
      return 'Liquid render error';
  }
}

/** The 201 body and the postbacks of spec 4.4, in table order, all at the mock time of processing. */
function outcomeOf(
  dispatchId: string,
  campaignId: string,
  externalSendId: string | undefined,
  entry: DispatchRecipient | undefined,
  email: string | undefined,
  at: Date,
): { response: TransactionalSendResponse; postbacks: Record<string, unknown>[] } {
  const metadata = externalSendId === undefined ? { campaign_api_id: campaignId } : { campaign_api_id: campaignId, external_send_id: externalSendId };
  const time = postbackTime(at);
  const event = (status: string, extra: Record<string, string>): Record<string, unknown> => ({ dispatch_id: dispatchId, status, metadata: { ...metadata, ...extra } });
  if (entry === undefined || entry.outcome !== 'sent') {
    const reason = entry === undefined ? 'User not found' : abortReason(entry);
    return { response: { dispatch_id: dispatchId, status: 'aborted', metadata }, postbacks: [event('aborted', { aborted_at: time, reason })] };
  }
  const bounces = email !== undefined && email.trim().toLowerCase().endsWith(`@${BOUNCE_DOMAIN}`);
  const postbacks = [
    event('sent', { received_at: time, enqueued_at: time, executed_at: time, sent_at: time }),
    event('processed', { processed_at: time }),
    bounces ? event('bounced', { bounced_at: time, reason: BOUNCE_REASON }) : event('delivered', { delivered_at: time }),
  ];
  return { response: { dispatch_id: dispatchId, status: 'sent', metadata }, postbacks };
}

/** Braze's examples: `YYYY-MM-DDTHH:mm:ss.SSS+00:00`. */
export function postbackTime(at: Date): string {
  return at.toISOString().replace('Z', '+00:00');
}

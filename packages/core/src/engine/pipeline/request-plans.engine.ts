import type { RecipientIdentifiers } from '../../rules/recipients.rules';
import type { CampaignTriggerSendRequest } from '../../schema/campaign-trigger-send.schema';
import type { CanvasRecipient, CanvasTriggerSendRequest } from '../../schema/canvas-trigger-send.schema';
import type { Recipient } from '../../schema/recipient.schema';
import { recipientAttributes } from '../../rules/recipient-attributes.rules';
import type { RecipientPlan, TriggerPlan, TriggerTarget } from './trigger-plan.engine';

interface PlanIds {
  dispatchId: string;
  /** Called only for a broadcast without a `send_id` (spec 3.5). */
  newSendId: () => string;
}

/** A validated `/campaigns/trigger/send` request as a runnable plan. */
export function campaignPlan(workspace: string, target: TriggerTarget, request: CampaignTriggerSendRequest, ids: PlanIds): TriggerPlan {
  const broadcast = request.recipients === undefined;
  return {
    workspace,
    target,
    dispatchId: ids.dispatchId,
    sendId: request.send_id ?? (broadcast ? ids.newSendId() : undefined),
    properties: request.trigger_properties,
    audience: request.audience,
    attachments: request.attachments,
    recipients: request.recipients?.map((recipient, index) => recipientPlan('campaign', index, recipient, recipient.trigger_properties)),
  };
}

/** A validated `/canvas/trigger/send` request as a runnable plan (`context` is the personalisation object). */
export function canvasPlan(workspace: string, target: TriggerTarget, request: CanvasTriggerSendRequest, ids: Pick<PlanIds, 'dispatchId'>): TriggerPlan {
  return {
    workspace,
    target,
    dispatchId: ids.dispatchId,
    properties: request.context,
    audience: request.audience,
    recipients: request.recipients?.map((recipient: CanvasRecipient, index) => recipientPlan('canvas', index, recipient, recipient.context)),
  };
}

function recipientPlan(kind: TriggerTarget['kind'], index: number, recipient: Recipient | CanvasRecipient, properties: Readonly<Record<string, unknown>> | undefined): RecipientPlan {
  const { attributes, notes } = recipientAttributes(kind, index, recipient.attributes);
  return {
    identifier: identifierOf(recipient),
    prioritization: recipient.prioritization,
    properties,
    sendToExistingOnly: recipient.send_to_existing_only,
    attributes,
    notes,
  };
}

function identifierOf(recipient: RecipientIdentifiers): RecipientIdentifiers {
  if (recipient.external_user_id !== undefined) return { external_user_id: recipient.external_user_id };
  if (recipient.user_alias !== undefined) return { user_alias: { alias_name: recipient.user_alias.alias_name, alias_label: recipient.user_alias.alias_label } };
  if (recipient.braze_id !== undefined) return { braze_id: recipient.braze_id };
  return { email: recipient.email };
}

import { z } from 'zod';
import { WHEN_OBJECT } from './json-object.schema';
import { audienceExpressionSchema } from './audience.schema';
import { recipientSchema } from './recipient.schema';
import { sendIdSchema } from './send-id.schema';
import { personalisationObjectSchema } from './trigger-properties.schema';

/** At most 50 recipients per request (spec 3.1, rule 4). */
export const MAX_RECIPIENTS = 50;


/** `[{file_name, url}]`, email campaigns only (spec 3.1). */
export const attachmentSchema = z.object({ file_name: z.string().min(1), url: z.string().min(1) });
export type Attachment = z.output<typeof attachmentSchema>;

type DeliveryFields = { broadcast?: unknown; recipients?: unknown; attachments?: unknown };

function hasRecipients(body: DeliveryFields): boolean {
  return Array.isArray(body.recipients) && body.recipients.length > 0;
}

/** Rules 5 and 6 of spec 3.2 (and `attachments` with `broadcast`), on the fields as given. */
export function checkDeliveryRules(body: DeliveryFields, ctx: z.core.$RefinementCtx): void {
  const broadcast = body.broadcast === true;
  if (broadcast && hasRecipients(body)) {
    ctx.addIssue({ code: 'custom', message: 'broadcast cannot be true when recipients are specified', path: ['recipients'], params: { code: 'broadcast_with_recipients' } });
  }
  if (!broadcast && !hasRecipients(body) && (body.recipients === undefined || Array.isArray(body.recipients))) {
    ctx.addIssue({ code: 'custom', message: 'required (non-empty) unless broadcast is true', path: ['recipients'], params: { code: 'no_recipients' } });
  }
  if (broadcast && body.attachments !== undefined) {
    ctx.addIssue({ code: 'custom', message: 'cannot be used with broadcast', path: ['attachments'], params: { code: 'bad_request' } });
  }
}

/**
 * Rule 4 as a refinement rather than zod's `.max()`: zod skips every element of an array over its
 * `.max()`, and spec 3.2 wants the recipients' own problems listed too.
 */
function checkRecipientCount(list: unknown[], ctx: z.core.$RefinementCtx<unknown[]>): void {
  if (list.length > MAX_RECIPIENTS) ctx.addIssue({ code: 'too_big', origin: 'array', maximum: MAX_RECIPIENTS, inclusive: true, input: list });
}

/** An empty `recipients` array counts as missing (spec 3.1), so the output never holds one. */
export function recipientsListSchema<S extends z.ZodType>(recipient: S) {
  return z
    .array(recipient)
    .superRefine(checkRecipientCount, { when: (payload) => Array.isArray(payload.value) })
    .meta({ maxItems: MAX_RECIPIENTS })
    .optional()
    .transform((list) => (list === undefined || list.length === 0 ? undefined : list));
}

/**
 * `POST /campaigns/trigger/send` body (spec 3). Unknown fields are stripped; `api_key` never survives.
 *
 * @example
 * campaignTriggerSendSchema.parse({ campaign_id: 'c', recipients: [{ external_user_id: 'u-1', attributes: { gender: 'F' } }] });
 */
export const campaignTriggerSendSchema = z
  .object({
    campaign_id: z.string().min(1),
    send_id: sendIdSchema.optional(),
    trigger_properties: personalisationObjectSchema.optional(),
    broadcast: z.boolean().default(false),
    audience: audienceExpressionSchema.optional(),
    recipients: recipientsListSchema(recipientSchema),
    attachments: z.array(attachmentSchema).optional(),
  })
  .superRefine(checkDeliveryRules, WHEN_OBJECT)
  .meta({ id: 'CampaignTriggerSendRequest' });

export type CampaignTriggerSendRequest = z.output<typeof campaignTriggerSendSchema>;
export type CampaignTriggerSendRequestInput = z.input<typeof campaignTriggerSendSchema>;

import { z } from 'zod';
import { attributesObjectSchema } from './attributes.schema';
import { WHEN_OBJECT } from './json-object.schema';
import { personalisationObjectSchema } from './trigger-properties.schema';
import { userAliasSchema } from './user-alias.schema';

/** Braze's `^[a-zA-Z0-9-_+/=]+$`, at most 255 characters (endpoints spec 4.1). */
export const EXTERNAL_SEND_ID_PATTERN = /^[a-zA-Z0-9\-_+/=]{1,255}$/;

/** A transactional send's `external_send_id`: the deduplication key, kept for 24 hours (endpoints spec 4.3). */
export const externalSendIdSchema = z.string().regex(EXTERNAL_SEND_ID_PATTERN, { error: 'must be 1 to 255 characters of a-z, A-Z, 0-9, -, _, +, / and =' });

export const TRANSACTIONAL_RECIPIENT_IDENTIFIERS = ['external_user_id', 'user_alias'] as const;

function checkOneIdentifier(recipient: { external_user_id?: unknown; user_alias?: unknown }, ctx: z.core.$RefinementCtx): void {
  const present = TRANSACTIONAL_RECIPIENT_IDENTIFIERS.filter((key) => recipient[key] !== undefined);
  if (present.length !== 1) ctx.addIssue({ code: 'custom', message: 'specify exactly one of external_user_id, user_alias', params: { code: 'invalid_recipient' } });
}

/** The one recipient of a transactional send: exactly one identifier, optional `attributes` (TS §7). */
export const transactionalRecipientSchema = z
  .object({
    external_user_id: z.string().min(1).optional(),
    user_alias: userAliasSchema.optional(),
    attributes: attributesObjectSchema.optional(),
  })
  .superRefine(checkOneIdentifier, WHEN_OBJECT);

/** Older pages and public clients send `recipient` as a one-element array: accepted as its element. */
function unwrapOneElement(value: unknown): unknown {
  return Array.isArray(value) && value.length === 1 ? (value[0] as unknown) : value;
}

/**
 * `POST /transactional/v1/campaigns/{campaign_id}/send` body (endpoints spec 4.1), with the path's
 * `campaign_id` put in by the validator. Unknown fields are stripped.
 *
 * @example
 * transactionalSendSchema.parse({ campaign_id: 'receipt', external_send_id: 'order-1', recipient: { external_user_id: 'u-1' } });
 */
export const transactionalSendSchema = z
  .object({
    campaign_id: z.string().min(1),
    external_send_id: externalSendIdSchema.optional(),
    trigger_properties: personalisationObjectSchema.optional(),
    recipient: z.preprocess(unwrapOneElement, transactionalRecipientSchema),
  })
  .meta({ id: 'TransactionalSendRequest' });

/** The body as sent (the path carries `campaign_id`). */
export const transactionalSendBodySchema = transactionalSendSchema.omit({ campaign_id: true }).meta({ id: 'TransactionalSendBody' });

export type TransactionalSendRequest = z.output<typeof transactionalSendSchema>;
export type TransactionalSendRequestInput = z.input<typeof transactionalSendSchema>;
export type TransactionalSendBody = z.input<typeof transactionalSendBodySchema>;
export type TransactionalRecipient = z.output<typeof transactionalRecipientSchema>;

/** `201` of a transactional send: `status` is opaque to clients ("Current status of the message"). */
export const transactionalSendResponseSchema = z
  .object({
    dispatch_id: z.string(),
    status: z.string(),
    metadata: z.object({ campaign_api_id: z.string(), external_send_id: z.string().optional() }).loose(),
  })
  .loose()
  .meta({ id: 'TransactionalSendResponse' });
export type TransactionalSendResponse = z.output<typeof transactionalSendResponseSchema>;

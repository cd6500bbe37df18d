import { z } from 'zod';
import { WHEN_OBJECT } from './json-object.schema';
import { attributesObjectSchema } from './attributes.schema';
import { personalisationObjectSchema } from './trigger-properties.schema';
import { userAliasSchema } from './user-alias.schema';

export const RECIPIENT_IDENTIFIER_KEYS = ['external_user_id', 'user_alias', 'braze_id', 'email'] as const;
export type RecipientIdentifierKey = (typeof RECIPIENT_IDENTIFIER_KEYS)[number];
export const PRIORITIZATIONS = ['identified', 'unidentified', 'most_recently_updated', 'least_recently_updated'] as const;
export type Prioritization = (typeof PRIORITIZATIONS)[number];


/** Fields every recipient has, on both trigger endpoints. */
export const recipientBaseShape = {
  external_user_id: z.string().min(1).optional(),
  user_alias: userAliasSchema.optional(),
  braze_id: z.string().min(1).optional(),
  email: z.string().min(1).optional(),
  prioritization: z.array(z.enum(PRIORITIZATIONS)).min(1).optional(),
  send_to_existing_only: z.boolean().default(true),
  attributes: attributesObjectSchema.optional(),
};

type RecipientFields = { [K in RecipientIdentifierKey | 'prioritization' | 'send_to_existing_only']?: unknown };

function invalidRecipient(ctx: z.core.$RefinementCtx, message: string, path: PropertyKey[] = []): void {
  ctx.addIssue({ code: 'custom', message, path, params: { code: 'invalid_recipient' } });
}

/**
 * Rules 7–9 of spec 3.2. They run even when a field has the wrong type (`when`), so one request
 * reports every problem; they only ask whether a field is present, never trust its type.
 */
export function checkRecipientRules(recipient: RecipientFields, ctx: z.core.$RefinementCtx): void {
  const present = RECIPIENT_IDENTIFIER_KEYS.filter((key) => recipient[key] !== undefined);
  if (present.length !== 1) invalidRecipient(ctx, 'specify exactly one of external_user_id, user_alias, braze_id, email');
  if (recipient.email !== undefined && recipient.prioritization === undefined) invalidRecipient(ctx, 'required with email', ['prioritization']);
  if (recipient.prioritization !== undefined && recipient.email === undefined) invalidRecipient(ctx, 'only allowed with email', ['prioritization']);
  const prioritization = recipient.prioritization;
  if (Array.isArray(prioritization) && prioritization.includes('identified') && prioritization.includes('unidentified')) {
    invalidRecipient(ctx, 'cannot contain both identified and unidentified', ['prioritization']);
  }
  if (recipient.send_to_existing_only === false && recipient.user_alias !== undefined) {
    invalidRecipient(ctx, 'send_to_existing_only cannot be false for a user_alias recipient');
  }
}

/** A recipient of `/campaigns/trigger/send` (spec 3.1). Unknown fields are stripped. */
export const recipientSchema = z
  .object({ ...recipientBaseShape, trigger_properties: personalisationObjectSchema.optional() })
  .superRefine(checkRecipientRules, WHEN_OBJECT);

export type Recipient = z.output<typeof recipientSchema>;
export type RecipientInput = z.input<typeof recipientSchema>;

/** The identifier of a recipient as sent: exactly one of the four keys. */
export const recipientIdentifierSchema = z.object({
  external_user_id: z.string().optional(),
  user_alias: userAliasSchema.optional(),
  braze_id: z.string().optional(),
  email: z.string().optional(),
});
export type RecipientIdentifier = z.output<typeof recipientIdentifierSchema>;

import { z } from 'zod';
import { audienceExpressionSchema } from './audience.schema';
import { checkDeliveryRules, recipientsListSchema } from './campaign-trigger-send.schema';
import { WHEN_OBJECT, type JsonObject } from './json-object.schema';
import { checkRecipientRules, recipientBaseShape } from './recipient.schema';
import { personalisationObjectSchema } from './trigger-properties.schema';


/** The message for `context` and `canvas_entry_properties` given at one level (spec 4). */
export const CONTEXT_ALIAS_CONFLICT = 'use either context or canvas_entry_properties, not both';

const contextShape = {
  context: personalisationObjectSchema.optional(),
  canvas_entry_properties: personalisationObjectSchema.optional(),
};

type ContextFields = { context?: unknown; canvas_entry_properties?: unknown };

const given = (value: unknown): boolean => value !== undefined && value !== '';

function checkContextAlias(fields: ContextFields, ctx: z.core.$RefinementCtx): void {
  if (given(fields.context) && given(fields.canvas_entry_properties)) {
    ctx.addIssue({ code: 'custom', message: CONTEXT_ALIAS_CONFLICT, path: ['context'], params: { code: 'bad_request' } });
  }
}

/** Folds the legacy `canvas_entry_properties` into `context`, so the output has one name. */
function toContext<T extends { context?: JsonObject; canvas_entry_properties?: JsonObject }>(fields: T): Omit<T, 'canvas_entry_properties'> {
  const { canvas_entry_properties: legacy, ...rest } = fields;
  const context = rest.context ?? legacy;
  return context === undefined ? rest : { ...rest, context };
}

/** A recipient of `/canvas/trigger/send`: like a campaign recipient, with `context` instead of `trigger_properties`. */
export const canvasRecipientSchema = z
  .object({ ...recipientBaseShape, ...contextShape })
  .superRefine(checkRecipientRules, WHEN_OBJECT)
  .superRefine(checkContextAlias, WHEN_OBJECT)
  .transform(toContext);

export type CanvasRecipient = z.output<typeof canvasRecipientSchema>;
export type CanvasRecipientInput = z.input<typeof canvasRecipientSchema>;

/**
 * `POST /canvas/trigger/send` body (spec 4). `canvas_entry_properties` is accepted and normalized to `context`.
 *
 * @example
 * canvasTriggerSendSchema.parse({ canvas_id: 'onboarding', broadcast: true, context: { step: 1 } });
 */
export const canvasTriggerSendSchema = z
  .object({
    canvas_id: z.string().min(1),
    ...contextShape,
    broadcast: z.boolean().default(false),
    audience: audienceExpressionSchema.optional(),
    recipients: recipientsListSchema(canvasRecipientSchema),
  })
  .superRefine(checkDeliveryRules, WHEN_OBJECT)
  .superRefine(checkContextAlias, WHEN_OBJECT)
  .transform(toContext)
  .meta({ id: 'CanvasTriggerSendRequest' });

export type CanvasTriggerSendRequest = z.output<typeof canvasTriggerSendSchema>;
export type CanvasTriggerSendRequestInput = z.input<typeof canvasTriggerSendSchema>;

import { z } from 'zod';
import { audienceExpressionSchema } from './audience.schema';
import { attachmentSchema, MAX_RECIPIENTS } from './campaign-trigger-send.schema';
import { jsonObjectSchema, WHEN_OBJECT } from './json-object.schema';
import { sendIdSchema } from './send-id.schema';
import { userAliasSchema } from './user-alias.schema';

/** The message objects `/messages/send` delivers (endpoints spec 3.1), in the order each target gets them. */
export const MESSAGE_KEYS = ['email', 'apple_push', 'android_push', 'sms'] as const;
export type MessageKey = (typeof MESSAGE_KEYS)[number];
/** Braze's other message objects: refused by name, so nobody thinks they were sent. */
export const UNSUPPORTED_MESSAGE_KEYS = ['kindle_push', 'web_push', 'webhook', 'content_card', 'whats_app', 'windows_phone8_push', 'windows_universal_push'] as const;
export const RECIPIENT_SUBSCRIPTION_STATES = ['opted_in', 'subscribed', 'all'] as const;
export type RecipientSubscriptionState = (typeof RECIPIENT_SUBSCRIPTION_STATES)[number];

/** Braze: an Apple push's JSON "should not exceed 1912" bytes; Android's `alert` plus `extra`, 4,000. */
export const APPLE_PUSH_MAX_BYTES = 1_912;
export const ANDROID_PUSH_MAX_BYTES = 4_000;
/** Android `time_to_live`: at most 28 days, in seconds. */
export const ANDROID_MAX_TIME_TO_LIVE = 2_419_200;

const utf8 = new TextEncoder();
export function utf8Length(text: string): number {
  return utf8.encode(text).length;
}

/** `"Name <addr>"` or `"addr"`, the address with exactly one `@`. */
const FROM_PATTERN = /^(?:[^<>]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/;

/** Every field not listed is kept (spec 3.1: recorded in `content` as given). */
const emailObjectSchema = z
  .looseObject({
    app_id: z.string(),
    from: z.string().regex(FROM_PATTERN, { error: 'must be "Name <address>" or an address with one @' }),
    body: z.string(),
    subject: z.string().optional(),
    plaintext_body: z.string().optional(),
    preheader: z.string().optional(),
    reply_to: z.string().optional(),
    extras: jsonObjectSchema.optional(),
    headers: jsonObjectSchema.optional(),
    attachments: z.array(attachmentSchema).optional(),
  })
  .superRefine((email, ctx) => {
    if (email['email_template_id'] !== undefined) ctx.addIssue({ code: 'custom', message: 'not supported by triggerkit', path: ['email_template_id'] });
  });

const appleAlertSchema = z.union([z.string(), z.looseObject({ body: z.string() })], { error: 'must be a string or an object with a string body' });

/** The JSON text Braze measures: the object without `message_variation_id`. */
export function applePushBytes(push: Readonly<Record<string, unknown>>): number {
  const { message_variation_id: _variation, ...rest } = push;
  return utf8Length(JSON.stringify(rest));
}

/** Bytes of `alert` plus the JSON of `extra`, as Braze counts an Android push. */
export function androidPushBytes(push: Readonly<Record<string, unknown>>): number {
  const alert = typeof push['alert'] === 'string' ? push['alert'] : '';
  return utf8Length(alert) + (push['extra'] === undefined ? 0 : utf8Length(JSON.stringify(push['extra'])));
}

const applePushSchema = z
  .looseObject({
    alert: appleAlertSchema.optional(),
    'content-available': z.boolean().optional(),
    extra: jsonObjectSchema.optional(),
    send_to_most_recent_device_only: z.boolean().optional(),
  })
  .superRefine((push, ctx) => {
    if (push.alert === undefined && push['content-available'] !== true) ctx.addIssue({ code: 'custom', message: 'required unless content-available is true', path: ['alert'] });
    for (const key of ['ab', 'aps']) {
      if (push.extra !== undefined && Object.hasOwn(push.extra, key)) ctx.addIssue({ code: 'custom', message: 'must not be used in extra', path: ['extra', key] });
    }
    const bytes = applePushBytes(push);
    if (bytes > APPLE_PUSH_MAX_BYTES) ctx.addIssue({ code: 'custom', message: `is ${bytes} bytes of JSON; at most ${APPLE_PUSH_MAX_BYTES}` });
  });

const androidPushSchema = z
  .looseObject({
    alert: z.string().optional(),
    title: z.string().optional(),
    send_to_sync: z.boolean().optional(),
    extra: jsonObjectSchema.optional(),
    time_to_live: z.number().int().min(0).max(ANDROID_MAX_TIME_TO_LIVE).optional(),
    // Braze: "Any values sent outside of that range default to 0".
    priority: z
      .number()
      .int()
      .optional()
      .transform((priority) => (priority === undefined || (priority >= -2 && priority <= 2) ? priority : 0)),
    send_to_most_recent_device_only: z.boolean().optional(),
  })
  .superRefine((push, ctx) => {
    const sync = push.send_to_sync === true;
    for (const key of ['alert', 'title'] as const) {
      if (sync && push[key] !== undefined) ctx.addIssue({ code: 'custom', message: 'must be absent with send_to_sync', path: [key] });
      if (!sync && push[key] === undefined) ctx.addIssue({ code: 'custom', message: 'required', path: [key], input: undefined });
    }
    const bytes = androidPushBytes(push);
    if (bytes > ANDROID_PUSH_MAX_BYTES) ctx.addIssue({ code: 'custom', message: `alert and extra are ${bytes} bytes; at most ${ANDROID_PUSH_MAX_BYTES}` });
  });

const smsObjectSchema = z.looseObject({ subscription_group_id: z.string().min(1), body: z.string(), app_id: z.string() });

function checkMessageKeys(messages: Record<string, unknown>, ctx: z.core.$RefinementCtx): void {
  const keys = Object.keys(messages);
  if (!keys.some((key) => (MESSAGE_KEYS as readonly string[]).includes(key))) {
    ctx.addIssue({ code: 'custom', message: `must hold one of ${MESSAGE_KEYS.join(', ')}`, params: { code: 'no_messages' } });
  }
  for (const key of keys) {
    if ((MESSAGE_KEYS as readonly string[]).includes(key)) continue;
    const supported = (UNSUPPORTED_MESSAGE_KEYS as readonly string[]).includes(key);
    ctx.addIssue({ code: 'custom', message: supported ? 'not supported by triggerkit' : 'unknown message type', path: [key] });
  }
}

/** `messages`: at least one of the four objects; unsupported or unknown keys are refused by name. */
export const messagesObjectSchema = z
  .looseObject({
    email: emailObjectSchema.optional(),
    apple_push: applePushSchema.optional(),
    android_push: androidPushSchema.optional(),
    sms: smsObjectSchema.optional(),
  })
  .superRefine(checkMessageKeys, WHEN_OBJECT);

type SendFields = { external_user_ids?: unknown; user_aliases?: unknown; broadcast?: unknown; segment_id?: unknown; audience?: unknown; messages?: unknown };

function listLength(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

/** Rules 3–7 of endpoints spec 3.2, on the fields as given. */
function checkSendRules(body: SendFields, ctx: z.core.$RefinementCtx): void {
  const recipients = listLength(body.external_user_ids) + listLength(body.user_aliases);
  if (recipients > MAX_RECIPIENTS) {
    ctx.addIssue({ code: 'custom', message: `at most ${MAX_RECIPIENTS} external_user_ids and user_aliases in all; got ${recipients}`, path: ['external_user_ids'], params: { code: 'too_many_recipients' } });
  }
  const broadcast = body.broadcast === true;
  if (broadcast && recipients > 0) ctx.addIssue({ code: 'custom', message: 'broadcast cannot be true when recipients are specified', path: ['broadcast'], params: { code: 'broadcast_with_recipients' } });
  if (!broadcast && recipients === 0) ctx.addIssue({ code: 'custom', message: 'external_user_ids or user_aliases are required unless broadcast is true', path: ['broadcast'], params: { code: 'no_recipients' } });
  if (broadcast && body.segment_id === undefined && body.audience === undefined) {
    ctx.addIssue({ code: 'custom', message: 'a broadcast needs a segment_id or an audience', path: ['broadcast'], params: { code: 'broadcast_needs_audience' } });
  }
}

/**
 * `POST /messages/send` body (endpoints spec 3): listed users or a broadcast to a segment or an
 * audience, with the content in the request. Unknown top-level fields are stripped; unknown fields
 * of a message object are kept (recorded in the message's `content`).
 *
 * @example
 * messagesSendSchema.parse({ external_user_ids: ['u-1'], messages: { email: { app_id: 'a', from: 'Shop <shop@example.com>', subject: 'Hi', body: 'Hello {{${first_name}}}' } } });
 */
export const messagesSendSchema = z
  .object({
    external_user_ids: z.array(z.string().min(1)).optional(),
    user_aliases: z.array(userAliasSchema).optional(),
    segment_id: z.string().min(1).optional(),
    audience: audienceExpressionSchema.optional(),
    broadcast: z.boolean().default(false),
    campaign_id: z.string().min(1).optional(),
    send_id: sendIdSchema.optional(),
    override_frequency_capping: z.boolean().default(false),
    recipient_subscription_state: z
      .enum(RECIPIENT_SUBSCRIPTION_STATES, { error: `must be one of ${RECIPIENT_SUBSCRIPTION_STATES.join(', ')}` })
      .default('subscribed'),
    messages: messagesObjectSchema,
  })
  .superRefine(checkSendRules, WHEN_OBJECT)
  .meta({ id: 'MessagesSendRequest' });

export type MessagesSendRequest = z.output<typeof messagesSendSchema>;
export type MessagesSendRequestInput = z.input<typeof messagesSendSchema>;
export type MessagesObject = z.output<typeof messagesObjectSchema>;

/** `201` of `/messages/send`: `send_id` echoed when given. */
export const messagesSendResponseSchema = z
  .object({ dispatch_id: z.string(), message: z.string(), send_id: z.string().optional() })
  .loose()
  .meta({ id: 'MessagesSendResponse' });
export type MessagesSendResponse = z.output<typeof messagesSendResponseSchema>;

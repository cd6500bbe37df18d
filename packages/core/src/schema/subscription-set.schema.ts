import { z } from 'zod';
import { WHEN_OBJECT } from './json-object.schema';

/** Endpoints spec 12: a phone in a subscription request is E.164. */
export const E164_PHONE = /^\+[1-9][0-9]{1,14}$/;
/** At most this many values per identifier list, and entries in a v2 request. */
export const MAX_SUBSCRIPTION_VALUES = 50;
export const SUBSCRIPTION_STATES = ['subscribed', 'unsubscribed'] as const;
export type SubscriptionState = (typeof SUBSCRIPTION_STATES)[number];

type Ctx = z.core.$RefinementCtx;

function tag(ctx: Ctx, code: string, message: string, path: PropertyKey[]): void {
  ctx.addIssue({ code: 'custom', message, path, params: { code } });
}

const stringOrList = z.union([z.string().min(1), z.array(z.string().min(1))]);

function valuesOf(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/**
 * The rules one group's identifiers share in v1 and v2 (endpoints spec 12): an identifier, not
 * email with phone, at most 50 values per list, phones in E.164. `names` are the list fields'
 * names in this version (`external_id` / `external_ids`, …).
 */
function checkIdentifiers(entry: Record<string, unknown>, names: { external: string; email: string; phone: string }, prefix: PropertyKey[], ctx: Ctx): void {
  const { external, email, phone } = names;
  if (valuesOf(entry[external]).length + valuesOf(entry[email]).length + valuesOf(entry[phone]).length === 0) tag(ctx, 'subscription_fields', `${external}, ${email} or ${phone} is required`, prefix);
  if (entry[email] !== undefined && entry[phone] !== undefined) tag(ctx, 'subscription_email_and_phone', `${email} and ${phone} cannot be combined`, prefix);
  for (const name of [external, email, phone]) {
    const count = valuesOf(entry[name]).length;
    if (count > MAX_SUBSCRIPTION_VALUES) tag(ctx, `subscription_too_many_${name}`, `at most ${MAX_SUBSCRIPTION_VALUES} values; got ${count}`, [...prefix, name]);
  }
  valuesOf(entry[phone]).forEach((value, index) => {
    if (typeof value === 'string' && value !== '' && !E164_PHONE.test(value)) {
      tag(ctx, 'bad_request', 'must be an E.164 phone number (+ and up to 15 digits)', Array.isArray(entry[phone]) ? [...prefix, phone, index] : [...prefix, phone]);
    }
  });
}

const V1_NAMES = { external: 'external_id', email: 'email', phone: 'phone' };
const V2_NAMES = { external: 'external_ids', email: 'emails', phone: 'phones' };

/**
 * `POST /subscription/status/set` (endpoints spec 12, v1): one group, one state, and the users by
 * `external_id`, `email` (email groups) or `phone` (SMS / WhatsApp groups), each a string or a list.
 *
 * @example
 * subscriptionStatusSetSchema.parse({ subscription_group_id: 'sg-news', subscription_state: 'subscribed', external_id: 'u-1' });
 */
export const subscriptionStatusSetSchema = z
  .object({
    subscription_group_id: z.string().min(1),
    subscription_state: z.enum(SUBSCRIPTION_STATES),
    external_id: stringOrList.optional(),
    email: stringOrList.optional(),
    phone: stringOrList.optional(),
  })
  .superRefine((body: Record<string, unknown>, ctx) => checkIdentifiers(body, V1_NAMES, [], ctx), WHEN_OBJECT)
  .meta({ id: 'SubscriptionStatusSetRequest' });
export type SubscriptionStatusSetRequest = z.output<typeof subscriptionStatusSetSchema>;
export type SubscriptionStatusSetRequestInput = z.input<typeof subscriptionStatusSetSchema>;

const v2EntrySchema = z.object({
  subscription_group_id: z.string().min(1),
  subscription_state: z.enum(SUBSCRIPTION_STATES),
  external_ids: z.array(z.string().min(1)).optional(),
  emails: z.array(z.string().min(1)).optional(),
  phones: z.array(z.string().min(1)).optional(),
  /** Recorded, no effect (endpoints spec 12). */
  use_double_opt_in_logic: z.boolean().optional(),
});

/**
 * `POST /v2/subscription/status/set`: up to 50 groups, each with its state and users. `emails` in
 * any entry excludes `phones` in any entry.
 *
 * @example
 * subscriptionStatusSetV2Schema.parse({ subscription_groups: [{ subscription_group_id: 'sg-sms', subscription_state: 'subscribed', phones: ['+15555550100'] }] });
 */
export const subscriptionStatusSetV2Schema = z
  .object({ subscription_groups: z.array(v2EntrySchema).min(1).max(MAX_SUBSCRIPTION_VALUES) })
  .superRefine((body: { subscription_groups?: unknown }, ctx) => {
    const entries = Array.isArray(body.subscription_groups) ? body.subscription_groups : [];
    const objects = entries.map((entry, index) => [entry, index] as const).filter((pair): pair is readonly [Record<string, unknown>, number] => typeof pair[0] === 'object' && pair[0] !== null && !Array.isArray(pair[0]));
    for (const [entry, index] of objects) checkIdentifiers(entry, V2_NAMES, ['subscription_groups', index], ctx);
    const withEmails = objects.filter(([entry]) => entry['emails'] !== undefined);
    const withPhones = objects.filter(([entry]) => entry['phones'] !== undefined);
    if (withEmails.length > 0 && withPhones.length > 0 && !objects.some(([entry]) => entry['emails'] !== undefined && entry['phones'] !== undefined)) {
      tag(ctx, 'subscription_email_and_phone', 'emails and phones cannot both be used in one request', ['subscription_groups']);
    }
  }, WHEN_OBJECT)
  .meta({ id: 'SubscriptionStatusSetV2Request' });
export type SubscriptionStatusSetV2Request = z.output<typeof subscriptionStatusSetV2Schema>;
export type SubscriptionStatusSetV2RequestInput = z.input<typeof subscriptionStatusSetV2Schema>;

export const GROUP_STATUSES = ['Subscribed', 'Unsubscribed', 'Unknown'] as const;

/** `200` of `GET /subscription/status/get` (endpoints spec 12): `message` is "User not found" when nothing matched. */
export const subscriptionStatusResponseSchema = z
  .object({ status: z.record(z.string(), z.enum(GROUP_STATUSES)), message: z.string() })
  .loose()
  .meta({ id: 'SubscriptionStatusResponse' });

const userSubscriptionGroupSchema = z.object({ id: z.string(), name: z.string(), channel: z.string(), status: z.enum(['Subscribed', 'Unsubscribed']) }).loose();

/** `200` of `GET /subscription/user/status` (endpoints spec 12), in the shape real responses have. */
export const userSubscriptionsResponseSchema = z
  .object({
    message: z.string(),
    total_count: z.number().int(),
    users: z.array(z.object({ external_id: z.string().optional(), email: z.string().optional(), phone: z.string().optional(), subscription_groups: z.array(userSubscriptionGroupSchema) }).loose()),
  })
  .loose()
  .meta({ id: 'UserSubscriptionsResponse' });
export type SubscriptionStatusResponse = z.output<typeof subscriptionStatusResponseSchema>;
export type UserSubscriptionsResponse = z.output<typeof userSubscriptionsResponseSchema>;

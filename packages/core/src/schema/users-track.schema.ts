import { z } from 'zod';
import { attributesObjectSchema, type AttributesObject, type AttributesObjectInput } from './attributes.schema';
import { isoTimeSchema } from './iso-time.schema';
import { parseInto } from './issue-messages.schema';
import { isPlainObject, jsonObjectSchema, WHEN_OBJECT } from './json-object.schema';
import { userAliasSchema } from './user-alias.schema';

/**
 * At most 75 objects in `attributes`, `events` and `purchases` together (spec 8, Rev 2), or 75 in
 * each of them for a workspace on Braze's legacy limits (`users_track_batch: "per_array"`).
 */
export const MAX_USERS_TRACK_ITEMS = 75;
export const USERS_TRACK_ARRAYS = ['attributes', 'events', 'purchases'] as const;
export type UsersTrackArray = (typeof USERS_TRACK_ARRAYS)[number];
/** How the 75-object limit of `/users/track` counts (spec 8, 13): all arrays together (Braze's current limit), or each on its own (legacy). */
export const USERS_TRACK_BATCH_MODES = ['combined', 'per_array'] as const;
export type UsersTrackBatchMode = (typeof USERS_TRACK_BATCH_MODES)[number];
export const USER_IDENTIFIER_KEYS = ['external_id', 'user_alias', 'braze_id', 'email', 'phone'] as const;
export const USER_IDENTIFIER_MESSAGE = 'specify exactly one of external_id, user_alias, braze_id, email, phone';
/** The identifiers that name a user on their own; `email`, then `phone`, name it only when none of these is given (spec 8). */
const DIRECT_IDENTIFIER_KEYS = ['external_id', 'user_alias', 'braze_id'] as const;

const finiteNumber = z.number().refine(Number.isFinite, { error: 'must be a finite number' });

/** How a `/users/track` item names its user, plus `_update_existing_only`. */
export const userIdentifierShape = {
  external_id: z.string().min(1).optional(),
  user_alias: userAliasSchema.optional(),
  braze_id: z.string().min(1).optional(),
  email: z.string().min(1).optional(),
  phone: z.string().min(1).optional(),
  _update_existing_only: z.boolean().optional(),
};
const userIdentifierSchema = z.object(userIdentifierShape);
type IdentifierFields = { [K in (typeof USER_IDENTIFIER_KEYS)[number]]?: unknown };

/** Which of `email` / `phone` names the user of an item without a direct identifier (spec 8, Rev 2: email first, then phone). */
function contactIdentifier(item: IdentifierFields): 'email' | 'phone' | undefined {
  if (DIRECT_IDENTIFIER_KEYS.some((key) => item[key] !== undefined)) return undefined;
  if (item.email !== undefined && item.email !== null) return 'email';
  if (item.phone !== undefined && item.phone !== null) return 'phone';
  return undefined;
}

/** An event or purchase names its user with one direct identifier, or else with its email (then phone). */
function checkEventIdentifier(item: IdentifierFields, ctx: z.core.$RefinementCtx): void {
  const direct = DIRECT_IDENTIFIER_KEYS.filter((key) => item[key] !== undefined).length;
  const contact = item.email !== undefined || item.phone !== undefined;
  if (!(direct === 1 && !contact) && !(direct === 0 && contact)) ctx.addIssue({ code: 'custom', message: USER_IDENTIFIER_MESSAGE });
}

/** Drops the `phone` of an event that its `email` already names (spec 8: email first). */
function withoutShadowedPhone<T extends { email?: unknown; phone?: unknown }>(item: T): T {
  if (item.email === undefined || item.phone === undefined) return item;
  const { phone: _phone, ...rest } = item;
  return rest as T;
}

/**
 * `_update_existing_only` defaults to false for `external_id`, `email` and `phone` items and to
 * true for `user_alias` and `braze_id` items (spec 8): Braze creates users only from ids it can key them by.
 */
export function defaultUpdateExistingOnly(item: { external_id?: unknown; email?: unknown; phone?: unknown; _update_existing_only?: boolean }): boolean {
  if (item._update_existing_only !== undefined) return item._update_existing_only;
  return item.external_id === undefined && item.email === undefined && item.phone === undefined;
}

function withUpdateDefault<T extends { external_id?: unknown; email?: unknown; phone?: unknown; _update_existing_only?: boolean }>(item: T): T & { _update_existing_only: boolean } {
  return { ...item, _update_existing_only: defaultUpdateExistingOnly(item) };
}

/** `{name, time, properties?}` plus the user's identifier (spec 8). */
export const usersTrackEventSchema = z
  .object({
    ...userIdentifierShape,
    app_id: z.string().optional(),
    name: z.string().min(1),
    time: isoTimeSchema,
    properties: jsonObjectSchema.optional(),
  })
  .superRefine(checkEventIdentifier, WHEN_OBJECT)
  .transform((item) => withUpdateDefault(withoutShadowedPhone(item)));

/** `{product_id, currency, price, time, quantity?, properties?}` plus the user's identifier (spec 8). */
export const usersTrackPurchaseSchema = z
  .object({
    ...userIdentifierShape,
    app_id: z.string().optional(),
    product_id: z.string().min(1),
    currency: z.string().regex(/^[A-Z]{3}$/, { error: 'must be an ISO-4217 currency code such as USD' }),
    price: finiteNumber,
    time: isoTimeSchema,
    quantity: z.number().int().min(1).max(100).optional(),
    properties: jsonObjectSchema.optional(),
  })
  .superRefine(checkEventIdentifier, WHEN_OBJECT)
  .transform((item) => withUpdateDefault(withoutShadowedPhone(item)));

type UserIdentifierOutput = z.output<typeof userIdentifierSchema>;
/** A validated attributes item: its identifier (exactly one), `_update_existing_only` with its default, and the attributes to apply. */
export type UsersTrackAttributesItem = Omit<UserIdentifierOutput, '_update_existing_only'> & { _update_existing_only: boolean; attributes: AttributesObject };
export type UsersTrackAttributesItemInput = z.input<typeof userIdentifierSchema> & AttributesObjectInput;

const ATTRIBUTES_ITEM_IDENTIFIER_FIELDS = ['external_id', 'user_alias', 'braze_id', '_update_existing_only'] as const;

/** The identifier fields of an attributes item; `email` or `phone` only when it is the identifier (else it is an attribute, which `null` may remove). */
function identifierFieldsOf(input: Record<string, unknown>, contact: 'email' | 'phone' | undefined): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const key of ATTRIBUTES_ITEM_IDENTIFIER_FIELDS) if (Object.hasOwn(input, key)) fields[key] = input[key];
  if (contact !== undefined) fields[contact] = input[contact];
  return fields;
}

/**
 * An attributes item names its user with one of `external_id`, `user_alias`, `braze_id`; when
 * none of those is given, its `email` names it, else its `phone` (spec 8, Rev 2); the other one
 * is then an ordinary attribute.
 */
function parseAttributesItem(input: unknown, ctx: z.core.$RefinementCtx): UsersTrackAttributesItem | undefined {
  if (!isPlainObject(input)) {
    ctx.addIssue({ code: 'custom', message: 'must be an object' });
    return undefined;
  }
  const ids = DIRECT_IDENTIFIER_KEYS.filter((key) => input[key] !== undefined);
  const contact = contactIdentifier(input);
  const named = ids.length === 1 || contact !== undefined;
  if (!named) ctx.addIssue({ code: 'custom', message: USER_IDENTIFIER_MESSAGE });
  const identifier = parseInto(userIdentifierSchema, identifierFieldsOf(input, contact), ctx);
  const attributes = parseInto(attributesObjectSchema, input, ctx);
  if (!identifier.ok || !attributes.ok || !named) return undefined;
  return { ...withUpdateDefault(identifier.value), attributes: attributes.value };
}

/** One `/users/track` `attributes[]` item (spec 7, 8). */
export const usersTrackAttributesItemSchema: z.ZodType<UsersTrackAttributesItem, UsersTrackAttributesItemInput> = z
  .custom<UsersTrackAttributesItemInput>(() => true)
  .transform((input, ctx) => parseAttributesItem(input, ctx) ?? z.NEVER)
  .meta({ description: 'A user identifier (external_id, user_alias, braze_id, email or phone), _update_existing_only, and attributes (spec 7).', type: 'object' });

/** The items of a `/users/track` body in its three arrays together (non-arrays count as none). */
export function usersTrackItemCount(body: { [K in UsersTrackArray]?: unknown }): number {
  return USERS_TRACK_ARRAYS.reduce((total, name) => total + (Array.isArray(body[name]) ? (body[name] as unknown[]).length : 0), 0);
}

/** The combined-limit problem of a body (spec 8, Rev 2), or undefined within it. */
export function combinedLimitProblem(body: { [K in UsersTrackArray]?: unknown }): string | undefined {
  const count = usersTrackItemCount(body);
  return count > MAX_USERS_TRACK_ITEMS ? `attributes, events, purchases: at most ${MAX_USERS_TRACK_ITEMS} objects in all, got ${count}` : undefined;
}

/**
 * `POST /users/track` body (spec 8), as a whole, with Braze's current combined limit. The server
 * validates item by item instead (`validateUsersTrack`), because item problems are not fatal there.
 */
export const usersTrackSchema = z
  .object({
    attributes: z.array(usersTrackAttributesItemSchema).max(MAX_USERS_TRACK_ITEMS).optional(),
    events: z.array(usersTrackEventSchema).max(MAX_USERS_TRACK_ITEMS).optional(),
    purchases: z.array(usersTrackPurchaseSchema).max(MAX_USERS_TRACK_ITEMS).optional(),
  })
  .superRefine((body, ctx) => {
    const problem = combinedLimitProblem(body);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: `at most ${MAX_USERS_TRACK_ITEMS} objects in attributes, events and purchases together` });
  }, WHEN_OBJECT)
  .meta({ id: 'UsersTrackRequest', description: `At most ${MAX_USERS_TRACK_ITEMS} objects in attributes, events and purchases together (75 per array for a workspace with users_track_batch "per_array").` });

export type UsersTrackEvent = z.output<typeof usersTrackEventSchema>;
export type UsersTrackEventInput = z.input<typeof usersTrackEventSchema>;
export type UsersTrackPurchase = z.output<typeof usersTrackPurchaseSchema>;
export type UsersTrackPurchaseInput = z.input<typeof usersTrackPurchaseSchema>;
export type UsersTrackRequest = z.output<typeof usersTrackSchema>;
export type UsersTrackRequestInput = z.input<typeof usersTrackSchema>;

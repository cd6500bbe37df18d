import { z } from 'zod';
import { attributesObjectSchema, type AttributesObject, type AttributesObjectInput } from './attributes.schema';
import { isoTimeSchema } from './iso-time.schema';
import { parseInto } from './issue-messages.schema';
import { isPlainObject, jsonObjectSchema, WHEN_OBJECT } from './json-object.schema';
import { userAliasSchema } from './user-alias.schema';

/** Each of `attributes`, `events`, `purchases` holds at most 75 items (spec 8). */
export const MAX_USERS_TRACK_ITEMS = 75;
export const USERS_TRACK_ARRAYS = ['attributes', 'events', 'purchases'] as const;
export type UsersTrackArray = (typeof USERS_TRACK_ARRAYS)[number];
export const USER_IDENTIFIER_KEYS = ['external_id', 'user_alias', 'braze_id', 'email'] as const;
export const USER_IDENTIFIER_MESSAGE = 'specify exactly one of external_id, user_alias, braze_id, email';

const finiteNumber = z.number().refine(Number.isFinite, { error: 'must be a finite number' });

/** How a `/users/track` item names its user, plus `_update_existing_only`. */
export const userIdentifierShape = {
  external_id: z.string().min(1).optional(),
  user_alias: userAliasSchema.optional(),
  braze_id: z.string().min(1).optional(),
  email: z.string().min(1).optional(),
  _update_existing_only: z.boolean().optional(),
};
const userIdentifierSchema = z.object(userIdentifierShape);
type IdentifierFields = { [K in (typeof USER_IDENTIFIER_KEYS)[number]]?: unknown };

function checkEventIdentifier(item: IdentifierFields, ctx: z.core.$RefinementCtx): void {
  const present = USER_IDENTIFIER_KEYS.filter((key) => item[key] !== undefined);
  if (present.length !== 1) ctx.addIssue({ code: 'custom', message: USER_IDENTIFIER_MESSAGE });
}

/**
 * `_update_existing_only` defaults to false for `external_id` (and `email`) items and to true for
 * `user_alias` and `braze_id` items (spec 8): Braze creates users only from ids it can key them by.
 */
export function defaultUpdateExistingOnly(item: { external_id?: unknown; email?: unknown; _update_existing_only?: boolean }): boolean {
  if (item._update_existing_only !== undefined) return item._update_existing_only;
  return item.external_id === undefined && item.email === undefined;
}

function withUpdateDefault<T extends { external_id?: unknown; email?: unknown; _update_existing_only?: boolean }>(item: T): T & { _update_existing_only: boolean } {
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
  .transform(withUpdateDefault);

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
  .transform(withUpdateDefault);

type UserIdentifierOutput = z.output<typeof userIdentifierSchema>;
/** A validated attributes item: its identifier (exactly one), `_update_existing_only` with its default, and the attributes to apply. */
export type UsersTrackAttributesItem = Omit<UserIdentifierOutput, '_update_existing_only'> & { _update_existing_only: boolean; attributes: AttributesObject };
export type UsersTrackAttributesItemInput = z.input<typeof userIdentifierSchema> & AttributesObjectInput;

const ATTRIBUTES_ITEM_IDENTIFIER_FIELDS = ['external_id', 'user_alias', 'braze_id', '_update_existing_only'] as const;

/** The identifier fields of an attributes item; `email` only when it is the identifier (else it is an attribute, which `null` may remove). */
function identifierFieldsOf(input: Record<string, unknown>, emailNamesUser: boolean): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const key of ATTRIBUTES_ITEM_IDENTIFIER_FIELDS) if (Object.hasOwn(input, key)) fields[key] = input[key];
  if (emailNamesUser) fields['email'] = input['email'];
  return fields;
}

/**
 * An attributes item names its user with one of `external_id`, `user_alias`, `braze_id`; `email`
 * is the identifier only when none of those is given (otherwise it is the email attribute).
 */
function parseAttributesItem(input: unknown, ctx: z.core.$RefinementCtx): UsersTrackAttributesItem | undefined {
  if (!isPlainObject(input)) {
    ctx.addIssue({ code: 'custom', message: 'must be an object' });
    return undefined;
  }
  const ids = ['external_id', 'user_alias', 'braze_id'].filter((key) => input[key] !== undefined);
  const emailNamesUser = ids.length === 0 && input.email !== undefined && input.email !== null;
  const named = ids.length === 1 || emailNamesUser;
  if (!named) ctx.addIssue({ code: 'custom', message: USER_IDENTIFIER_MESSAGE });
  const identifier = parseInto(userIdentifierSchema, identifierFieldsOf(input, emailNamesUser), ctx);
  const attributes = parseInto(attributesObjectSchema, input, ctx);
  if (!identifier.ok || !attributes.ok || !named) return undefined;
  return { ...withUpdateDefault(identifier.value), attributes: attributes.value };
}

/** One `/users/track` `attributes[]` item (spec 7, 8). */
export const usersTrackAttributesItemSchema: z.ZodType<UsersTrackAttributesItem, UsersTrackAttributesItemInput> = z
  .custom<UsersTrackAttributesItemInput>(() => true)
  .transform((input, ctx) => parseAttributesItem(input, ctx) ?? z.NEVER)
  .meta({ description: 'A user identifier (external_id, user_alias, braze_id or email), _update_existing_only, and attributes (spec 7).', type: 'object' });

/**
 * `POST /users/track` body (spec 8), as a whole. The server validates item by item instead
 * (`validateUsersTrack`), because item problems are not fatal there.
 */
export const usersTrackSchema = z
  .object({
    attributes: z.array(usersTrackAttributesItemSchema).max(MAX_USERS_TRACK_ITEMS).optional(),
    events: z.array(usersTrackEventSchema).max(MAX_USERS_TRACK_ITEMS).optional(),
    purchases: z.array(usersTrackPurchaseSchema).max(MAX_USERS_TRACK_ITEMS).optional(),
  })
  .meta({ id: 'UsersTrackRequest' });

export type UsersTrackEvent = z.output<typeof usersTrackEventSchema>;
export type UsersTrackEventInput = z.input<typeof usersTrackEventSchema>;
export type UsersTrackPurchase = z.output<typeof usersTrackPurchaseSchema>;
export type UsersTrackPurchaseInput = z.input<typeof usersTrackPurchaseSchema>;
export type UsersTrackRequest = z.output<typeof usersTrackSchema>;
export type UsersTrackRequestInput = z.input<typeof usersTrackSchema>;

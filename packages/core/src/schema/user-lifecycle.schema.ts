import { z } from 'zod';
import { WHEN_OBJECT } from './json-object.schema';
import { PRIORITIZATIONS, type Prioritization } from './recipient.schema';
import { userAliasSchema } from './user-alias.schema';

/** At most this many items per request (endpoints spec 7–10: "up to 50"). */
export const MAX_LIFECYCLE_ITEMS = 50;

function tag(ctx: z.core.$RefinementCtx, code: string, message: string, path: PropertyKey[] = []): void {
  ctx.addIssue({ code: 'custom', message, path, params: { code } });
}

/**
 * Endpoints spec 6.1: `prioritization` of an email or phone identifier — non-empty, at most one of
 * `identified` / `unidentified` and one of `most_recently_updated` / `least_recently_updated`.
 */
export const identifierPrioritizationSchema = z
  .array(z.enum(PRIORITIZATIONS))
  .min(1)
  .superRefine((values: readonly Prioritization[], ctx) => {
    if (values.filter((value) => value === 'identified' || value === 'unidentified').length > 1) {
      ctx.addIssue({ code: 'custom', message: 'at most one of identified, unidentified' });
    }
    if (values.filter((value) => value === 'most_recently_updated' || value === 'least_recently_updated').length > 1) {
      ctx.addIssue({ code: 'custom', message: 'at most one of most_recently_updated, least_recently_updated' });
    }
  });

const nonEmpty = z.string().min(1);

/** `{email, prioritization}` (endpoints spec 6.1). */
export const emailIdentifierSchema = z.object({ email: nonEmpty, prioritization: identifierPrioritizationSchema });
/** `{phone, prioritization}` (endpoints spec 6.1). */
export const phoneIdentifierSchema = z.object({ phone: nonEmpty, prioritization: identifierPrioritizationSchema });
export type EmailIdentifier = z.output<typeof emailIdentifierSchema>;
export type PhoneIdentifier = z.output<typeof phoneIdentifierSchema>;

// ---------------------------------------------------------------------------------------------
// POST /users/identify (endpoints spec 7)

const IDENTIFY_LISTS = ['aliases_to_identify', 'emails_to_identify', 'phone_numbers_to_identify'] as const;

function lengthOf(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

/**
 * `POST /users/identify` body. Legacy `merge_behavior` is accepted and ignored (current pages
 * always merge).
 *
 * @example
 * usersIdentifySchema.parse({ aliases_to_identify: [{ external_id: 'u-1', user_alias: { alias_name: 'guest-7', alias_label: 'checkout' } }] });
 */
export const usersIdentifySchema = z
  .object({
    aliases_to_identify: z.array(z.object({ external_id: nonEmpty, user_alias: userAliasSchema })).optional(),
    emails_to_identify: z.array(z.object({ external_id: nonEmpty, email: nonEmpty, prioritization: identifierPrioritizationSchema })).optional(),
    phone_numbers_to_identify: z.array(z.object({ external_id: nonEmpty, phone: nonEmpty, prioritization: identifierPrioritizationSchema })).optional(),
    merge_behavior: z.enum(['none', 'merge']).optional(),
  })
  .superRefine((body: Partial<Record<(typeof IDENTIFY_LISTS)[number], unknown>>, ctx) => {
    const total = IDENTIFY_LISTS.reduce((sum, key) => sum + lengthOf(body[key]), 0);
    if (IDENTIFY_LISTS.every((key) => body[key] === undefined || lengthOf(body[key]) === 0)) {
      if (IDENTIFY_LISTS.every((key) => body[key] === undefined || Array.isArray(body[key]))) tag(ctx, 'identify_required', `one of ${IDENTIFY_LISTS.join(', ')} is required`);
    }
    if (total > MAX_LIFECYCLE_ITEMS) tag(ctx, 'identify_too_many', `at most ${MAX_LIFECYCLE_ITEMS} items in all; got ${total}`);
  }, WHEN_OBJECT)
  .meta({ id: 'UsersIdentifyRequest' });
export type UsersIdentifyRequest = z.output<typeof usersIdentifySchema>;
export type UsersIdentifyRequestInput = z.input<typeof usersIdentifySchema>;

// ---------------------------------------------------------------------------------------------
// Aliases (endpoints spec 8)

function checkCount(key: string, required: string, tooMany: string) {
  return (body: Record<string, unknown>, ctx: z.core.$RefinementCtx): void => {
    const value = body[key];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) tag(ctx, required, 'required', [key]);
    if (lengthOf(value) > MAX_LIFECYCLE_ITEMS) tag(ctx, tooMany, `at most ${MAX_LIFECYCLE_ITEMS} items; got ${lengthOf(value)}`, [key]);
  };
}

/**
 * `POST /users/alias/new`: with `external_id` the alias is added to that user; without, a new
 * alias-only user is created.
 *
 * @example
 * usersAliasNewSchema.parse({ user_aliases: [{ alias_name: 'guest-7', alias_label: 'checkout' }] });
 */
export const usersAliasNewSchema = z
  .object({ user_aliases: z.array(z.object({ external_id: nonEmpty.optional(), alias_name: nonEmpty, alias_label: nonEmpty })).optional() })
  .superRefine(checkCount('user_aliases', 'alias_new_required', 'alias_new_too_many'), WHEN_OBJECT)
  .meta({ id: 'UsersAliasNewRequest' });
export type UsersAliasNewRequest = z.output<typeof usersAliasNewSchema>;
export type UsersAliasNewRequestInput = z.input<typeof usersAliasNewSchema>;

/**
 * `POST /users/alias/update`: renames an alias (same label).
 *
 * @example
 * usersAliasUpdateSchema.parse({ alias_updates: [{ alias_label: 'checkout', old_alias_name: 'guest-7', new_alias_name: 'guest-8' }] });
 */
export const usersAliasUpdateSchema = z
  .object({ alias_updates: z.array(z.object({ alias_label: nonEmpty, old_alias_name: nonEmpty, new_alias_name: nonEmpty })).optional() })
  .superRefine(checkCount('alias_updates', 'alias_updates_required', 'alias_updates_too_many'), WHEN_OBJECT)
  .meta({ id: 'UsersAliasUpdateRequest' });
export type UsersAliasUpdateRequest = z.output<typeof usersAliasUpdateSchema>;
export type UsersAliasUpdateRequestInput = z.input<typeof usersAliasUpdateSchema>;

// ---------------------------------------------------------------------------------------------
// POST /users/delete (endpoints spec 9)

export const DELETE_IDENTIFIER_KEYS = ['external_ids', 'user_aliases', 'braze_ids', 'email_addresses', 'phone_numbers'] as const;
export type DeleteIdentifierKey = (typeof DELETE_IDENTIFIER_KEYS)[number];

/**
 * `POST /users/delete`: exactly one identifier list of 1–50 entries.
 *
 * @example
 * usersDeleteSchema.parse({ external_ids: ['test-user-1'] });
 */
export const usersDeleteSchema = z
  .object({
    external_ids: z.array(nonEmpty).optional(),
    user_aliases: z.array(userAliasSchema).optional(),
    braze_ids: z.array(nonEmpty).optional(),
    email_addresses: z.array(emailIdentifierSchema).optional(),
    phone_numbers: z.array(phoneIdentifierSchema).optional(),
  })
  .superRefine((body: Partial<Record<DeleteIdentifierKey, unknown>>, ctx) => {
    const given = DELETE_IDENTIFIER_KEYS.filter((key) => body[key] !== undefined);
    if (given.length === 0 || (given.length === 1 && Array.isArray(body[given[0] as DeleteIdentifierKey]) && lengthOf(body[given[0] as DeleteIdentifierKey]) === 0)) {
      tag(ctx, 'delete_required', `one of ${DELETE_IDENTIFIER_KEYS.join(', ')} is required`);
    }
    if (given.length > 1) tag(ctx, 'delete_several', `only one of ${given.join(', ')} may be given`);
    const total = given.reduce((sum, key) => sum + lengthOf(body[key]), 0);
    if (total > MAX_LIFECYCLE_ITEMS) tag(ctx, 'delete_too_many', `at most ${MAX_LIFECYCLE_ITEMS} entries; got ${total}`, given.length === 1 ? [given[0] as string] : []);
  }, WHEN_OBJECT)
  .meta({ id: 'UsersDeleteRequest' });
export type UsersDeleteRequest = z.output<typeof usersDeleteSchema>;
export type UsersDeleteRequestInput = z.input<typeof usersDeleteSchema>;

// ---------------------------------------------------------------------------------------------
// POST /users/merge (endpoints spec 10)

const MERGE_IDENTIFIER_KEYS = ['external_id', 'user_alias', 'email', 'phone'] as const;

/** One side of a merge: exactly one of `external_id`, `user_alias`, `email` + `prioritization`, `phone` + `prioritization`. */
export type MergeIdentifier = { external_id: string } | { user_alias: { alias_name: string; alias_label: string } } | EmailIdentifier | PhoneIdentifier;

function checkMergeIdentifier(value: unknown, path: PropertyKey[], ctx: z.core.$RefinementCtx): void {
  const bad = (message: string): void => tag(ctx, 'merge_bad_identifier', message, path);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad('must be an object');
  const fields = value as Record<string, unknown>;
  const kinds = MERGE_IDENTIFIER_KEYS.filter((key) => fields[key] !== undefined);
  if (kinds.length !== 1) return bad('must have exactly one of external_id, user_alias, email, phone');
  const kind = kinds[0] as (typeof MERGE_IDENTIFIER_KEYS)[number];
  const given = fields[kind];
  if (kind === 'user_alias') {
    if (!userAliasSchema.safeParse(given).success) bad('user_alias: must be an object with non-empty alias_name and alias_label');
  } else if (typeof given !== 'string' || given === '') {
    bad(`${kind}: must be a non-empty string`);
  }
  if (kind === 'email' || kind === 'phone') {
    if (!identifierPrioritizationSchema.safeParse(fields['prioritization']).success) tag(ctx, 'invalid_identifier', `required with ${kind}: a non-empty list of ${PRIORITIZATIONS.join(', ')}, at most one of each pair`, [...path, 'prioritization']);
  } else if (fields['prioritization'] !== undefined) {
    tag(ctx, 'invalid_identifier', `only allowed with email or phone`, [...path, 'prioritization']);
  }
}

const mergeIdentifierSchema = z
  .custom<MergeIdentifier>(() => true)
  .meta({
    description: 'Exactly one of external_id, user_alias, email + prioritization, phone + prioritization.',
    anyOf: [
      { type: 'object', properties: { external_id: { type: 'string', minLength: 1 } }, required: ['external_id'] },
      { type: 'object', properties: { user_alias: { type: 'object', properties: { alias_name: { type: 'string', minLength: 1 }, alias_label: { type: 'string', minLength: 1 } }, required: ['alias_name', 'alias_label'] } }, required: ['user_alias'] },
      { type: 'object', properties: { email: { type: 'string', minLength: 1 }, prioritization: { type: 'array', minItems: 1, items: { enum: [...PRIORITIZATIONS] } } }, required: ['email', 'prioritization'] },
      { type: 'object', properties: { phone: { type: 'string', minLength: 1 }, prioritization: { type: 'array', minItems: 1, items: { enum: [...PRIORITIZATIONS] } } }, required: ['phone', 'prioritization'] },
    ],
  });

/**
 * `POST /users/merge`: each update merges `identifier_to_merge` into `identifier_to_keep`
 * (endpoints spec 6.3); asynchronous, answered 202.
 *
 * @example
 * usersMergeSchema.parse({ merge_updates: [{ identifier_to_merge: { external_id: 'dup' }, identifier_to_keep: { external_id: 'u-1' } }] });
 */
export const usersMergeSchema = z
  .object({
    merge_updates: z
      .array(z.object({ identifier_to_merge: mergeIdentifierSchema, identifier_to_keep: mergeIdentifierSchema }).strict())
      .meta({ description: `1–${MAX_LIFECYCLE_ITEMS} merges.` }),
  })
  .superRefine((body: { merge_updates?: unknown }, ctx) => {
    const updates = body.merge_updates;
    if (!Array.isArray(updates) || updates.some((update) => typeof update !== 'object' || update === null || Array.isArray(update))) {
      tag(ctx, 'merge_not_array', 'must be an array of objects', ['merge_updates']);
      return;
    }
    if (updates.length > MAX_LIFECYCLE_ITEMS) tag(ctx, 'merge_too_many', `at most ${MAX_LIFECYCLE_ITEMS} merges; got ${updates.length}`, ['merge_updates']);
    updates.forEach((update: Record<string, unknown>, index) => {
      const keys = Object.keys(update);
      if (keys.length !== 2 || !keys.includes('identifier_to_merge') || !keys.includes('identifier_to_keep')) {
        tag(ctx, 'merge_keys', "must only have 'identifier_to_merge' and 'identifier_to_keep'", ['merge_updates', index]);
        return;
      }
      checkMergeIdentifier(update['identifier_to_merge'], ['merge_updates', index, 'identifier_to_merge'], ctx);
      checkMergeIdentifier(update['identifier_to_keep'], ['merge_updates', index, 'identifier_to_keep'], ctx);
    });
  }, WHEN_OBJECT)
  .meta({ id: 'UsersMergeRequest' });
export type UsersMergeRequest = z.output<typeof usersMergeSchema>;
export type UsersMergeRequestInput = z.input<typeof usersMergeSchema>;

// ---------------------------------------------------------------------------------------------
// Responses

/** `201` of `/users/identify` and `/users/alias/new`: how many items were accepted. */
export const aliasesProcessedResponseSchema = z.object({ aliases_processed: z.number().int(), message: z.string() }).loose().meta({ id: 'AliasesProcessedResponse' });
/** `201` of `/users/delete`: distinct identifiers accepted ("queued for deletion"). */
export const usersDeleteResponseSchema = z.object({ deleted: z.number().int(), message: z.string() }).loose().meta({ id: 'UsersDeleteResponse' });
/** `201` of `/users/alias/update` and the subscription POSTs, `202` of `/users/merge`. */
export const successResponseSchema = z.object({ message: z.string() }).loose().meta({ id: 'SuccessResponse' });
export type AliasesProcessedResponse = z.output<typeof aliasesProcessedResponseSchema>;
export type UsersDeleteResponse = z.output<typeof usersDeleteResponseSchema>;
export type SuccessResponse = z.output<typeof successResponseSchema>;

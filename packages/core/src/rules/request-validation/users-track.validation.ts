import { type z } from 'zod';
import { MESSAGES, ValidationError } from '../../errors';
import {
  formatIssue,
  isPlainObject,
  MAX_USERS_TRACK_ITEMS,
  PARSE_OPTIONS,
  usersTrackAttributesItemSchema,
  usersTrackEventSchema,
  usersTrackPurchaseSchema,
  type UsersTrackArray,
  type UsersTrackAttributesItem,
  type UsersTrackEvent,
  type UsersTrackItemError,
  type UsersTrackPurchase,
} from '../../schema';
import { invalidBody, type ValidationResult } from './validation-result';

/** A valid item with its position in the request, so responses and records can point at it. */
export interface IndexedItem<T> {
  index: number;
  item: T;
}

/**
 * A `/users/track` body split into what to process and what to report. An array is undefined when
 * the request did not send it (its `*_processed` count is then left out of the response).
 */
export interface UsersTrackValidation {
  attributes?: IndexedItem<UsersTrackAttributesItem>[];
  events?: IndexedItem<UsersTrackEvent>[];
  purchases?: IndexedItem<UsersTrackPurchase>[];
  itemErrors: UsersTrackItemError[];
}

const itemSchemas = {
  attributes: usersTrackAttributesItemSchema,
  events: usersTrackEventSchema,
  purchases: usersTrackPurchaseSchema,
} satisfies Record<UsersTrackArray, z.ZodType>;

function fatalProblems(body: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const name of Object.keys(itemSchemas) as UsersTrackArray[]) {
    const list = body[name];
    if (list === undefined) continue;
    if (!Array.isArray(list)) problems.push(`${name}: must be an array`);
    else if (list.length > MAX_USERS_TRACK_ITEMS) problems.push(`${name}: must have at most ${MAX_USERS_TRACK_ITEMS} items`);
  }
  return problems;
}

function itemProblem(schema: z.ZodType, item: unknown, at: readonly PropertyKey[]): { ok: true; value: unknown } | { ok: false; type: string } {
  try {
    const result = schema.safeParse(item, PARSE_OPTIONS);
    if (result.success) return { ok: true, value: result.data };
    return { ok: false, type: [...new Set(result.error.issues.map((issue) => formatIssue(issue, at)))].join('; ') };
  } catch {
    return { ok: false, type: `${formatIssue({ path: at, message: 'could not be validated' })}` };
  }
}

function splitItems<T>(name: UsersTrackArray, list: readonly unknown[], itemErrors: UsersTrackItemError[]): IndexedItem<T>[] {
  const valid: IndexedItem<T>[] = [];
  list.forEach((item, index) => {
    const outcome = itemProblem(itemSchemas[name], item, [name, index]);
    if (outcome.ok) valid.push({ index, item: outcome.value as T });
    else itemErrors.push({ type: outcome.type, input_array: name, index });
  });
  return valid;
}

/**
 * Validates a `POST /users/track` body (spec 8). A body that is not an object, or an array that is
 * not an array or holds more than 75 items, is fatal (400). Item problems are not: valid items come
 * back to be processed, invalid ones as `itemErrors` `{type, input_array, index}`. Never throws.
 *
 * @example
 * const result = validateUsersTrack({ attributes: [{ external_id: 'u-1', plan: 'gold' }] });
 * if (result.ok) for (const { item } of result.value.attributes ?? []) apply(item);
 */
export function validateUsersTrack(input: unknown): ValidationResult<UsersTrackValidation> {
  if (!isPlainObject(input)) return { ok: false, error: invalidBody() };
  const problems = fatalProblems(input);
  if (problems.length > 0) return { ok: false, error: new ValidationError('bad_request', MESSAGES.bad_request, problems) };
  const itemErrors: UsersTrackItemError[] = [];
  const value: UsersTrackValidation = { itemErrors };
  if (Array.isArray(input.attributes)) value.attributes = splitItems<UsersTrackAttributesItem>('attributes', input.attributes, itemErrors);
  if (Array.isArray(input.events)) value.events = splitItems<UsersTrackEvent>('events', input.events, itemErrors);
  if (Array.isArray(input.purchases)) value.purchases = splitItems<UsersTrackPurchase>('purchases', input.purchases, itemErrors);
  return { ok: true, value };
}

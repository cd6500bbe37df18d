import { type z } from 'zod';
import { MESSAGES, ValidationError } from '../../errors';
import {
  combinedLimitProblem,
  droppedNestedValues,
  formatIssue,
  isPlainObject,
  MAX_USERS_TRACK_ITEMS,
  PARSE_OPTIONS,
  usersTrackAttributesItemSchema,
  usersTrackEventSchema,
  usersTrackPurchaseSchema,
  type UsersTrackArray,
  type UsersTrackAttributesItem,
  type UsersTrackBatchMode,
  type UsersTrackEvent,
  type UsersTrackItemError,
  type UsersTrackPurchase,
} from '../../schema';
import { valueExceedsDepth } from './nesting-depth.validation';
import { invalidBody, tooDeep, type ValidationResult } from './validation-result';

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

export interface UsersTrackValidationOptions {
  /** How the 75-object limit counts: `combined` (default, Braze's current limit) or `per_array` (legacy workspaces). */
  batch?: UsersTrackBatchMode;
}

function shapeProblems(body: Record<string, unknown>): string[] {
  const names = Object.keys(itemSchemas) as UsersTrackArray[];
  return names.filter((name) => body[name] !== undefined && !Array.isArray(body[name])).map((name) => `${name}: must be an array`);
}

function limitProblems(body: Record<string, unknown>, batch: UsersTrackBatchMode): string[] {
  if (batch === 'combined') return [combinedLimitProblem(body)].filter((problem) => problem !== undefined);
  const names = Object.keys(itemSchemas) as UsersTrackArray[];
  return names
    .filter((name) => Array.isArray(body[name]) && (body[name] as unknown[]).length > MAX_USERS_TRACK_ITEMS)
    .map((name) => `${name}: must have at most ${MAX_USERS_TRACK_ITEMS} items`);
}

/** A body's fatal problems: arrays that are not arrays (`Bad Request`), then the 75-object limit (`Max Input Length Exceeded`). */
function fatalError(body: Record<string, unknown>, batch: UsersTrackBatchMode): ValidationError | undefined {
  const shape = shapeProblems(body);
  const limit = limitProblems(body, batch);
  if (shape.length > 0) return new ValidationError('bad_request', MESSAGES.bad_request, [...shape, ...limit]);
  if (limit.length > 0) return new ValidationError('max_input_length_exceeded', MESSAGES.max_input_length_exceeded, limit);
  return undefined;
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
    if (!outcome.ok) {
      itemErrors.push({ type: outcome.type, input_array: name, index });
      return;
    }
    valid.push({ index, item: outcome.value as T });
    const dropped = name === 'attributes' ? droppedProblem((outcome.value as UsersTrackAttributesItem).attributes, [name, index]) : undefined;
    if (dropped !== undefined) itemErrors.push({ type: dropped, input_array: name, index });
  });
  return valid;
}

/** Spec 7, Rev 2: an item whose nested values were dropped is still processed, and its `errors` entry names each dropped path. */
function droppedProblem(attributes: UsersTrackAttributesItem['attributes'], at: readonly PropertyKey[]): string | undefined {
  const dropped = droppedNestedValues(attributes);
  if (dropped.length === 0) return undefined;
  return dropped.map((value) => formatIssue(value, at)).join('; ');
}

/**
 * Validates a `POST /users/track` body (spec 8). A body that is not an object or an array that is
 * not an array is fatal (400 `Bad Request`), and so are more than 75 objects in the three arrays
 * together (or, with `batch: 'per_array'`, in one array): 400 `Max Input Length Exceeded`. Item
 * problems are not: valid items come back to be processed, invalid ones as `itemErrors`
 * `{type, input_array, index}`; an item whose invalid nested values were dropped is both
 * (spec 7, Rev 2). Never throws.
 *
 * @example
 * const result = validateUsersTrack({ attributes: [{ external_id: 'u-1', plan: 'gold' }] });
 * if (result.ok) for (const { item } of result.value.attributes ?? []) apply(item);
 */
export function validateUsersTrack(input: unknown, options: UsersTrackValidationOptions = {}): ValidationResult<UsersTrackValidation> {
  if (!isPlainObject(input)) return { ok: false, error: invalidBody() };
  if (valueExceedsDepth(input)) return { ok: false, error: tooDeep() };
  const fatal = fatalError(input, options.batch ?? 'combined');
  if (fatal !== undefined) return { ok: false, error: fatal };
  const itemErrors: UsersTrackItemError[] = [];
  const value: UsersTrackValidation = { itemErrors };
  if (Array.isArray(input.attributes)) value.attributes = splitItems<UsersTrackAttributesItem>('attributes', input.attributes, itemErrors);
  if (Array.isArray(input.events)) value.events = splitItems<UsersTrackEvent>('events', input.events, itemErrors);
  if (Array.isArray(input.purchases)) value.purchases = splitItems<UsersTrackPurchase>('purchases', input.purchases, itemErrors);
  return { ok: true, value };
}

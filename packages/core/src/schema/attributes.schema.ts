import { z } from 'zod';
import { isoTimeSchema } from './iso-time.schema';
import { parseInto, unionError } from './issue-messages.schema';
import { isPlainObject, setOwn, type JsonObject } from './json-object.schema';
import { isStandardAttributeName, standardAttributeSchemas, type StandardAttributes, type StandardAttributesInput } from './standard-attributes.schema';

export { STANDARD_ATTRIBUTE_NAMES, GENDERS, SUBSCRIPTION_GROUP_STATES, isStandardAttributeName, isIanaTimeZone } from './standard-attributes.schema';
export type { StandardAttributeName, StandardAttributes, StandardAttributesInput, PushToken, SubscriptionGroup } from './standard-attributes.schema';

/** Identifier keys a recipient's `attributes` may carry but which are ignored (stripped): identity is not an attribute (spec 3.1, 7). */
export const IDENTIFIER_ATTRIBUTE_KEYS = ['external_id', 'user_alias', 'braze_id'] as const;
/** The item-level flag that asks for a deep merge of nested objects (spec 7). */
export const MERGE_OBJECTS_KEY = '_merge_objects';
/** A `/users/track` item flag; never stored as an attribute. */
export const UPDATE_EXISTING_ONLY_KEY = '_update_existing_only';

export const MAX_ATTRIBUTE_KEY_LENGTH = 255;
export const MAX_CUSTOM_STRING_LENGTH = 255;
export const MAX_CUSTOM_ARRAY_ITEMS = 100;
/** Nesting limit for nested custom attributes; deeper input is rejected rather than risking the stack. */
export const MAX_NESTED_ATTRIBUTE_DEPTH = 50;
/**
 * Attributes one object may set (identifier keys and `_merge_objects` do not count). Generous for any
 * real profile update; a larger object is one error, found without examining its keys.
 */
export const MAX_ATTRIBUTES_PER_OBJECT = 1000;
/**
 * Problems listed for one attributes object; validation stops there and says so. Thousands of
 * problems in one error text help no one, and each costs time on the request's event loop.
 */
export const MAX_LISTED_ATTRIBUTE_PROBLEMS = 20;
/**
 * Items in an `add` / `remove` operand, `push_tokens` or `subscription_groups`, checked before the
 * items are: generous (a stored custom array keeps 100), and it keeps a huge list of bad values
 * from costing one problem per value.
 */
export const MAX_ATTRIBUTE_LIST_ITEMS = 1000;

const IGNORED_KEYS: ReadonlySet<string> = new Set([...IDENTIFIER_ATTRIBUTE_KEYS, UPDATE_EXISTING_ONLY_KEY]);
const UNCOUNTED_KEYS: ReadonlySet<string> = new Set([...IGNORED_KEYS, MERGE_OBJECTS_KEY]);
const LIST_STANDARD_ATTRIBUTES: ReadonlySet<string> = new Set(['push_tokens', 'subscription_groups']);
const ARRAY_OPERANDS = ['add', 'remove'] as const;
const OBJECT_ARRAY_OPERATORS = ['$add', '$update', '$remove'] as const;

const finiteNumber = z.number().refine(Number.isFinite, { error: 'must be a finite number' });
const identifierValue = z.union([z.string(), finiteNumber, z.boolean()], unionError('must be a string, number or boolean'));

export const customStringSchema = z.string().max(MAX_CUSTOM_STRING_LENGTH);
export const customStringArraySchema = z.array(customStringSchema).max(MAX_CUSTOM_ARRAY_ITEMS);
/** `{"inc": n}`: adds `n` to a number (missing counts as 0). */
export const incrementOperationSchema = z.strictObject({ inc: finiteNumber });
/** `{"add": [...]}` / `{"remove": [...]}`: edits an array of strings. */
export const arrayOperationSchema = z
  .strictObject({ add: z.array(customStringSchema).optional(), remove: z.array(customStringSchema).optional() })
  .refine((op) => op.add !== undefined || op.remove !== undefined, { error: 'must have add or remove' });
/** `{"$time": "<ISO-8601>"}` marks a time inside nested values. */
export const timeMarkerSchema = z.strictObject({ $time: isoTimeSchema });

export type IncrementOperation = z.output<typeof incrementOperationSchema>;
export type ArrayOperation = z.output<typeof arrayOperationSchema>;
export type TimeMarker = z.output<typeof timeMarkerSchema>;

/** A value inside a nested custom attribute. */
export type NestedValue = string | number | boolean | null | TimeMarker | NestedValue[] | NestedObject;
export interface NestedObject {
  [key: string]: NestedValue;
}

export type ObjectArrayUpdate = { $identifier_key: string; $identifier_value: string | number | boolean; $new_object: NestedObject };
export type ObjectArrayRemoval = { $identifier_key: string; $identifier_value: string | number | boolean };
/** `{"$add": [...]}`, `{"$update": [...]}`, `{"$remove": [...]}` on an array of objects (spec 7). */
export interface ObjectArrayOperation {
  $add?: NestedObject[];
  $update?: ObjectArrayUpdate[];
  $remove?: ObjectArrayRemoval[];
}

/** Any value a custom attribute key may be given. */
export type CustomAttributeValue =
  | string
  | number
  | boolean
  | null
  | string[]
  | NestedObject
  | NestedObject[]
  | TimeMarker
  | IncrementOperation
  | ArrayOperation
  | ObjectArrayOperation;

/** A nested value's problem that dropped the object's nested updates (spec 7, Rev 2): where, relative to the attributes object, and why. */
export interface DroppedNestedValue {
  path: readonly PropertyKey[];
  message: string;
}

/**
 * Where a validated attributes object keeps the nested values it dropped: a non-enumerable
 * symbol property, so it is never a key of the data, never serialised and never compared.
 */
export const DROPPED_NESTED_VALUES: unique symbol = Symbol('triggerkit.droppedNestedValues');

/**
 * The invalid nested values that made validation drop every nested custom attribute update of
 * this attributes object (spec 7, Rev 2); empty when nothing was dropped.
 *
 * @example
 * const attributes = attributesObjectSchema.parse({ plan: 'pro', trip: { at: { $time: 'soon' } } });
 * droppedNestedValues(attributes); // → [{ path: ['trip', 'at', '$time'], message: 'must be an ISO-8601 date or time' }]
 * // attributes → { plan: 'pro' }
 */
export function droppedNestedValues(attributes: object | undefined): readonly DroppedNestedValue[] {
  const dropped = attributes === undefined ? undefined : (attributes as { [DROPPED_NESTED_VALUES]?: readonly DroppedNestedValue[] })[DROPPED_NESTED_VALUES];
  return dropped ?? [];
}

type StandardValue = StandardAttributes[keyof StandardAttributes];

/**
 * A validated attributes object (spec 7): standard attributes, custom ones, and the `_merge_objects`
 * flag. Identifier keys are stripped; a key whose value is `undefined` (a `time_zone` that is not
 * an IANA name, a dropped nested update) leaves the stored value unchanged; dropped nested values are noted under
 * `DROPPED_NESTED_VALUES` (read them with `droppedNestedValues`).
 */
export type AttributesObject = StandardAttributes & { _merge_objects?: boolean } & { [key: string]: CustomAttributeValue | StandardValue | undefined } & {
  [DROPPED_NESTED_VALUES]?: readonly DroppedNestedValue[];
};
/** An attributes object as callers write it (identifier keys allowed and ignored). */
export type AttributesObjectInput = StandardAttributesInput & { _merge_objects?: boolean } & { [key: string]: unknown };

/** Where problems go: zod's refinement context, or the collector of one object's nested problems. */
type Ctx = Pick<z.core.$RefinementCtx, 'addIssue'> & { readonly issues: readonly unknown[] };
type Path = readonly PropertyKey[];
type RawIssue = z.core.$ZodRawIssue;

function issue(ctx: Ctx, path: Path, message: string): void {
  ctx.addIssue({ code: 'custom', message, path: [...path], params: { code: 'invalid_attributes' } });
}

/** A problem that stays fatal even inside a nested value: the depth bound protects the server, it is not data. */
function boundIssue(ctx: Ctx, path: Path, message: string): void {
  ctx.addIssue({ code: 'custom', message, path: [...path], params: { code: 'invalid_attributes', bound: true } });
}


/** True once the object has as many problems as are listed: every loop stops there, so the work stays bounded. */
function problemsFull(ctx: Ctx): boolean {
  return ctx.issues.length >= MAX_LISTED_ATTRIBUTE_PROBLEMS;
}

/** Characters as zod's `max` counts them for string values (code points), so a key and a value of the same text are judged alike. */
function characterCount(text: string): number {
  return text.length <= MAX_ATTRIBUTE_KEY_LENGTH ? text.length : Array.from(text).length;
}

function keyProblem(key: string): string | undefined {
  if (key === '') return 'attribute names must not be empty';
  if (characterCount(key) > MAX_ATTRIBUTE_KEY_LENGTH) return `attribute names must be at most ${MAX_ATTRIBUTE_KEY_LENGTH} characters`;
  if (key.startsWith('$')) return 'attribute names must not start with $';
  return undefined;
}

/** Validates `schema` at `path`, reporting into ctx no more problems than are listed. */
function parseBounded<S extends z.ZodType>(schema: S, value: unknown, ctx: Ctx, path: Path): ReturnType<typeof parseInto<S>> {
  return parseInto(schema, value, { addIssue: (raw) => (problemsFull(ctx) ? undefined : ctx.addIssue(raw)) }, path);
}

function parseAt<S extends z.ZodType>(schema: S, value: unknown, ctx: Ctx, path: Path): z.output<S> | undefined {
  const result = parseBounded(schema, value, ctx, path);
  return result.ok ? result.value : undefined;
}

/** Reports `value` at `path` when it is a list longer than `MAX_ATTRIBUTE_LIST_ITEMS`; true when it is. */
function overlongList(value: unknown, ctx: Ctx, path: Path): boolean {
  if (!Array.isArray(value) || value.length <= MAX_ATTRIBUTE_LIST_ITEMS) return false;
  issue(ctx, path, `must have at most ${MAX_ATTRIBUTE_LIST_ITEMS} items`);
  return true;
}

function parseNestedValue(value: unknown, ctx: Ctx, path: Path, depth: number): NestedValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return parseAt(finiteNumber, value, ctx, path);
  if (depth > MAX_NESTED_ATTRIBUTE_DEPTH) {
    boundIssue(ctx, path, `must not nest deeper than ${MAX_NESTED_ATTRIBUTE_DEPTH} levels`);
    return undefined;
  }
  if (Array.isArray(value)) return parseEach(value, ctx, (item, index) => parseNestedValue(item, ctx, [...path, index], depth + 1));
  if (isPlainObject(value)) {
    if (Object.hasOwn(value, '$time')) return parseAt(timeMarkerSchema, value, ctx, path);
    return parseNestedObject(value, ctx, path, depth);
  }
  issue(ctx, path, 'must be a JSON value');
  return undefined;
}

function parseNestedObject(value: unknown, ctx: Ctx, path: Path, depth: number): NestedObject | undefined {
  if (!isPlainObject(value)) {
    issue(ctx, path, 'must be an object');
    return undefined;
  }
  const out: NestedObject = {};
  let ok = true;
  for (const key of Object.keys(value)) {
    if (problemsFull(ctx)) return undefined;
    const problem = key.startsWith('$') ? `unknown operator ${JSON.stringify(key)}` : keyProblem(key);
    if (problem !== undefined) {
      issue(ctx, [...path, key], problem);
      ok = false;
      continue;
    }
    const parsed = parseNestedValue(value[key], ctx, [...path, key], depth + 1);
    if (parsed === undefined) ok = false;
    else setOwn(out as JsonObject, key, parsed);
  }
  return ok ? out : undefined;
}

/** Every item parsed, or `undefined` if one fails; stops early once the problem list is full. */
function parseEach<T>(list: readonly unknown[], ctx: Ctx, parseItem: (item: unknown, index: number) => T | undefined): T[] | undefined {
  const items: T[] = [];
  let ok = true;
  for (let index = 0; index < list.length; index += 1) {
    if (problemsFull(ctx)) return undefined;
    const parsed = parseItem(list[index], index);
    if (parsed === undefined) ok = false;
    else items.push(parsed);
  }
  return ok ? items : undefined;
}

function parseObjectList<T>(value: unknown, ctx: Ctx, path: Path, parseItem: (item: unknown, at: Path) => T | undefined): T[] | undefined {
  if (!Array.isArray(value)) {
    issue(ctx, path, 'must be an array');
    return undefined;
  }
  return parseEach(value, ctx, (item, index) => parseItem(item, [...path, index]));
}

function parseIdentified(item: unknown, ctx: Ctx, at: Path, withNewObject: boolean): ObjectArrayUpdate | ObjectArrayRemoval | undefined {
  if (!isPlainObject(item)) {
    issue(ctx, at, 'must be an object');
    return undefined;
  }
  const allowed = withNewObject ? ['$identifier_key', '$identifier_value', '$new_object'] : ['$identifier_key', '$identifier_value'];
  for (const key of Object.keys(item)) if (!allowed.includes(key) && !problemsFull(ctx)) issue(ctx, [...at, key], key.startsWith('$') ? `unknown operator ${JSON.stringify(key)}` : 'unknown field');
  const key = parseAt(z.string().min(1), item.$identifier_key, ctx, [...at, '$identifier_key']);
  const identifier = parseAt(identifierValue, item.$identifier_value, ctx, [...at, '$identifier_value']);
  const newObject = withNewObject ? parseNestedObject(item.$new_object, ctx, [...at, '$new_object'], 2) : undefined;
  if (key === undefined || identifier === undefined || (withNewObject && newObject === undefined)) return undefined;
  if (Object.keys(item).some((name) => !allowed.includes(name))) return undefined;
  return withNewObject ? { $identifier_key: key, $identifier_value: identifier, $new_object: newObject as NestedObject } : { $identifier_key: key, $identifier_value: identifier };
}

function parseObjectArrayOperation(value: JsonObject, ctx: Ctx, path: Path): ObjectArrayOperation | undefined {
  const out: ObjectArrayOperation = {};
  let ok = true;
  for (const key of Object.keys(value)) {
    const at = [...path, key];
    if (key === '$add') {
      const added = parseObjectList(value[key], ctx, at, (item, itemAt) => parseNestedObject(item, ctx, itemAt, 2));
      if (added) out.$add = added;
      else ok = false;
    } else if (key === '$update') {
      const updates = parseObjectList(value[key], ctx, at, (item, itemAt) => parseIdentified(item, ctx, itemAt, true) as ObjectArrayUpdate | undefined);
      if (updates) out.$update = updates;
      else ok = false;
    } else if (key === '$remove') {
      const removals = parseObjectList(value[key], ctx, at, (item, itemAt) => parseIdentified(item, ctx, itemAt, false));
      if (removals) out.$remove = removals;
      else ok = false;
    } else {
      issue(ctx, at, key.startsWith('$') ? `unknown operator ${JSON.stringify(key)}` : `cannot be combined with ${OBJECT_ARRAY_OPERATORS.join(', ')}`);
      ok = false;
    }
  }
  return ok ? out : undefined;
}

// `{inc}`, `{add}` and `{remove}` are operations by their keys alone, as Braze reads them; a bad operand is an error, not a nested object.
function isIncrement(value: JsonObject): boolean {
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === 'inc';
}

function isArrayOperation(value: JsonObject): boolean {
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => key === 'add' || key === 'remove');
}

/**
 * A nested custom attribute update (spec 7): an object that is not an `{inc}` / `{add, remove}`
 * operation (a nested object, `{$time}`, `$add` / `$update` / `$remove`), or an array of objects.
 */
function isNestedUpdate(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0 && value.every(isPlainObject);
  return isPlainObject(value) && !isIncrement(value) && !isArrayOperation(value);
}

function parseCustomObject(value: JsonObject, ctx: Ctx, path: Path): CustomAttributeValue | undefined {
  const keys = Object.keys(value);
  if (keys.some((key) => (OBJECT_ARRAY_OPERATORS as readonly string[]).includes(key))) return parseObjectArrayOperation(value, ctx, path);
  if (keys.length === 1 && keys[0] === '$time') return parseAt(timeMarkerSchema, value, ctx, path);
  if (isIncrement(value)) return parseAt(incrementOperationSchema, value, ctx, path);
  if (isArrayOperation(value)) {
    const overlong = ARRAY_OPERANDS.filter((operand) => overlongList(value[operand], ctx, [...path, operand]));
    return overlong.length > 0 ? undefined : parseAt(arrayOperationSchema, value, ctx, path);
  }
  return parseNestedObject(value, ctx, path, 1);
}

function parseCustomArray(value: unknown[], ctx: Ctx, path: Path): string[] | NestedObject[] | undefined {
  if (value.length > 0 && value.every(isPlainObject)) {
    return parseObjectList(value, ctx, path, (item, at) => parseNestedObject(item, ctx, at, 2));
  }
  // Checked before the items so a huge array is one problem, not one per item.
  if (value.length > MAX_CUSTOM_ARRAY_ITEMS) {
    issue(ctx, path, `must have at most ${MAX_CUSTOM_ARRAY_ITEMS} items`);
    return undefined;
  }
  return parseAt(customStringArraySchema, value, ctx, path);
}

function parseCustomValue(value: unknown, ctx: Ctx, path: Path): CustomAttributeValue | undefined {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'string') return parseAt(customStringSchema, value, ctx, path);
  if (typeof value === 'number') return parseAt(finiteNumber, value, ctx, path);
  if (Array.isArray(value)) return parseCustomArray(value, ctx, path);
  if (isPlainObject(value)) return parseCustomObject(value, ctx, path);
  issue(ctx, path, 'must be a string, number, boolean, null, array or object');
  return undefined;
}

function parseAttributeEntry(key: string, value: unknown, ctx: Ctx, nested: Ctx): { ok: boolean; value?: unknown } {
  if (key === MERGE_OBJECTS_KEY) {
    const flag = parseAt(z.boolean(), value, ctx, [key]);
    return { ok: flag !== undefined, value: flag };
  }
  if (isStandardAttributeName(key)) {
    if (LIST_STANDARD_ATTRIBUTES.has(key) && overlongList(value, ctx, [key])) return { ok: false };
    const result = parseBounded(standardAttributeSchemas[key], value, ctx, [key]);
    return result.ok ? { ok: true, value: result.value } : { ok: false };
  }
  // A nested value's problems go to `nested`: they drop the object's nested updates, not the request.
  if (isNestedUpdate(value)) return { ok: true, value: parseCustomValue(value, nested, [key]) };
  const parsed = parseCustomValue(value, ctx, [key]);
  return { ok: parsed !== undefined, value: parsed };
}

/** Collects one attributes object's nested problems instead of failing the parse. */
function nestedProblems(): Ctx & { raw: RawIssue[] } {
  const raw: RawIssue[] = [];
  return { raw, issues: raw, addIssue: (problem) => void raw.push(typeof problem === 'string' ? { code: 'custom', message: problem, input: undefined } : (problem as RawIssue)) };
}

/**
 * Spec 7, Rev 2: when a nested value is invalid, every nested custom attribute update of the
 * object is dropped and the rest applies; the invalid values are noted on the object. Bound
 * problems (nesting depth) stay fatal.
 */
function settleNested(out: JsonObject, nestedKeys: readonly string[], nested: { raw: readonly RawIssue[] }, ctx: Ctx): void {
  const bound = nested.raw.filter((raw) => (raw.params as { bound?: unknown } | undefined)?.bound === true);
  for (const raw of bound) ctx.addIssue(raw);
  if (nested.raw.length === 0 || bound.length > 0) return;
  // Kept as `undefined` (leave the stored value): the object still names them, as a create-and-send's "non-empty attributes" reads it.
  for (const key of nestedKeys) setOwn(out, key, undefined);
  const dropped: DroppedNestedValue[] = nested.raw.map((raw) => ({ path: [...(raw.path ?? [])], message: raw.message ?? 'invalid value' }));
  Object.defineProperty(out, DROPPED_NESTED_VALUES, { value: dropped });
}

function parseAttributes(input: unknown, ctx: z.core.$RefinementCtx): AttributesObject | undefined {
  if (!isPlainObject(input)) {
    ctx.addIssue({ code: 'custom', message: 'must be an object', input, params: { code: 'invalid_attributes' } });
    return undefined;
  }
  const keys = Object.keys(input);
  const count = keys.reduce((total, key) => (UNCOUNTED_KEYS.has(key) ? total : total + 1), 0);
  if (count > MAX_ATTRIBUTES_PER_OBJECT) {
    issue(ctx, [], `too many attributes (${count}, at most ${MAX_ATTRIBUTES_PER_OBJECT})`);
    return undefined;
  }
  const out: JsonObject = {};
  const nested = nestedProblems();
  const nestedKeys: string[] = [];
  let ok = true;
  for (const key of keys) {
    if (problemsFull(ctx)) {
      ok = false;
      break;
    }
    if (IGNORED_KEYS.has(key)) continue;
    const problem = keyProblem(key);
    if (problem !== undefined) {
      issue(ctx, [key], problem);
      ok = false;
      continue;
    }
    if (!isStandardAttributeName(key) && isNestedUpdate(input[key])) nestedKeys.push(key);
    const entry = parseAttributeEntry(key, input[key], ctx, nested);
    if (entry.ok) setOwn(out, key, entry.value);
    else ok = false;
  }
  const issuesBefore = ctx.issues.length;
  settleNested(out, nestedKeys, nested, ctx);
  if (ctx.issues.length > issuesBefore) ok = false;
  if (problemsFull(ctx)) issue(ctx, [], `listing stops at ${MAX_LISTED_ATTRIBUTE_PROBLEMS} problems`);
  return ok ? (out as AttributesObject) : undefined;
}

/**
 * The attributes object of spec 7 (a recipient's `attributes`, a `/users/track` attributes item's
 * attribute part). Keys like `__proto__` stay ordinary own data properties of the output.
 *
 * @example
 * attributesObjectSchema.parse({ first_name: 'Ann', visits: { inc: 1 }, _merge_objects: true });
 */
export const attributesObjectSchema: z.ZodType<AttributesObject, AttributesObjectInput> = z
  .custom<AttributesObjectInput>(() => true)
  .transform((input, ctx) => parseAttributes(input, ctx) ?? z.NEVER)
  .meta({
    id: 'AttributesObject',
    description: 'Braze user attributes object: standard attributes, custom attributes (values, {inc}, {add}, {remove}, nested objects, $add/$update/$remove on arrays of objects) and _merge_objects.',
    type: 'object',
  });

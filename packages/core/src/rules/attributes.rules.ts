import { IDENTIFIER_ATTRIBUTE_KEYS, MAX_CUSTOM_ARRAY_ITEMS, MERGE_OBJECTS_KEY, UPDATE_EXISTING_ONLY_KEY, type AttributesObject } from '../schema/attributes.schema';
import { isPlainObject } from '../schema/json-object.schema';

/** A stored attribute value: JSON data. Times are ISO-8601 strings (see `applyAttributes`). */
export type AttributeValue = string | number | boolean | null | AttributeValue[] | AttributeObject;

/** A stored object (a profile's attributes, or a nested custom attribute). Built with a null prototype. */
export interface AttributeObject {
  [key: string]: AttributeValue;
}

/** The stored flat attributes of a profile: standard and custom attributes in one object. */
export type AttributeRecord = AttributeObject;

export interface ApplyAttributesOptions {
  /** Deep-merge nested objects instead of replacing them. Defaults to the update's own `_merge_objects === true`. */
  mergeObjects?: boolean;
}

/** Keys of an attributes object that name the user or steer the update; they are never stored (spec 3.1, 7, 8). */
export const NON_ATTRIBUTE_KEYS: ReadonlySet<string> = new Set([...IDENTIFIER_ATTRIBUTE_KEYS, MERGE_OBJECTS_KEY, UPDATE_EXISTING_ONLY_KEY]);

const REMOVE = Symbol('remove');
type Resolved = AttributeValue | typeof REMOVE;
type Json = Readonly<Record<string, unknown>>;

/** An empty stored object: null prototype, so `__proto__`, `constructor` and `prototype` are plain keys. */
export function createAttributeObject(): AttributeObject {
  return Object.create(null) as AttributeObject;
}

/**
 * Copies JSON-shaped data (a store's row, a seed user's attributes) into the stored form: every
 * object gets a null prototype, values that JSON cannot carry (functions, `undefined`, non-finite
 * numbers) are dropped and `Date`s become ISO-8601 strings. Never mutates its input.
 */
export function toAttributeRecord(value: Json): AttributeRecord {
  const record = createAttributeObject();
  for (const key of Object.keys(value)) {
    const stored = toStoredLiteral(value[key]);
    if (stored !== REMOVE) record[key] = stored;
  }
  return record;
}

/**
 * Applies one attributes object (spec 7) to a profile's stored attributes and returns a new record;
 * neither argument is mutated.
 *
 * - a plain value overwrites; `null` removes the attribute; `undefined` leaves it as stored;
 * - a plain array of strings is stored without repeats, each value at its first occurrence;
 * - `{inc: n}` adds `n` to the stored number; a missing or non-number stored value counts as 0
 *   (so `{inc: 3}` on a string stores 3); a sum that is not a finite number leaves the value unchanged;
 * - `{add: [...]}` / `{remove: [...]}` edit an array (both may appear: add, then remove): added
 *   values end up exactly once, at the end; a non-array stored value counts as `[]` for `add`, and
 *   `remove` alone on a missing or non-array value changes nothing; after `add` the array keeps its
 *   newest 100 values (the custom array limit), dropping the oldest;
 * - a nested object replaces the stored one, or is deep-merged into it with `_merge_objects`
 *   (where a nested `null` removes that key);
 * - `{$time: iso}` anywhere is stored as its ISO-8601 string, which the audience evaluator (like
 *   any ISO-8601 string) compares as a time;
 * - `{$add}` / `{$update}` / `{$remove}` edit an array of objects (a non-array stored value counts
 *   as `[]`; several operators apply as $add, $update, $remove); `$update` deep-merges `$new_object`
 *   into each element whose `$identifier_key` equals `$identifier_value` with `_merge_objects`,
 *   else replaces the element;
 * - `external_id`, `user_alias`, `braze_id`, `_merge_objects`, `_update_existing_only` are never stored;
 * - keys starting with `$` (reserved; validation rejects them) are never stored.
 *
 * @example
 * applyAttributes({ visits: 2, tags: ['a', 'b'] }, { visits: { inc: 1 }, tags: { add: ['a'] }, plan: null });
 * // → { visits: 3, tags: ['b', 'a'] }
 */
export function applyAttributes(current: Json, update: AttributesObject | Json, options: ApplyAttributesOptions = {}): AttributeRecord {
  const merge = options.mergeObjects ?? update[MERGE_OBJECTS_KEY] === true;
  const result = toAttributeRecord(current);
  for (const key of Object.keys(update)) {
    if (NON_ATTRIBUTE_KEYS.has(key) || key.startsWith('$')) continue;
    const resolved = resolveTopLevel(ownValue(result, key), update[key], merge);
    if (resolved === REMOVE) delete result[key];
    else result[key] = resolved;
  }
  return result;
}

function ownValue(source: Json, key: string): unknown {
  return Object.hasOwn(source, key) ? source[key] : undefined;
}

function resolveTopLevel(stored: unknown, update: unknown, merge: boolean): Resolved {
  if (update === null) return REMOVE;
  if (update === undefined) return keep(stored);
  if (isPlainObject(update)) {
    if (isIncrement(update)) return increment(stored, update['inc']);
    if (isArrayEdit(update)) return editArray(stored, update);
  }
  if (isStringArray(update)) return uniqueStrings(update);
  return resolveNested(stored, update, merge);
}

function isStringArray(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/**
 * The array without repeated values, each kept at its first occurrence (spec 7, Rev 2: Braze
 * stores `['hotdog', 'hotdog', 'pizza']` as `['hotdog', 'pizza']`). Idempotent.
 *
 * @example
 * uniqueStrings(['hotdog', 'hotdog', 'hotdog', 'pizza']); // → ['hotdog', 'pizza']
 */
export function uniqueStrings(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function keep(stored: unknown): Resolved {
  return stored === undefined ? REMOVE : toStoredLiteral(stored);
}

// Recognised exactly as `attributesObjectSchema` recognises them, so `{inc: 'x'}` stays a nested object.
function isIncrement(update: Json): boolean {
  const keys = Object.keys(update);
  return keys.length === 1 && keys[0] === 'inc' && typeof update['inc'] === 'number';
}

function isArrayEdit(update: Json): boolean {
  const keys = Object.keys(update);
  return keys.length > 0 && keys.every((key) => (key === 'add' || key === 'remove') && Array.isArray(update[key]));
}

function increment(stored: unknown, by: unknown): Resolved {
  if (typeof by !== 'number' || !Number.isFinite(by)) return keep(stored);
  const base = typeof stored === 'number' && Number.isFinite(stored) ? stored : 0;
  const sum = base + by;
  return Number.isFinite(sum) ? sum : keep(stored);
}

function editArray(stored: unknown, update: Json): Resolved {
  const added = listOperand(update, 'add');
  const removed = listOperand(update, 'remove');
  if (!Array.isArray(stored) && added === undefined) return keep(stored);
  let items = Array.isArray(stored) ? storedLiterals(stored) : [];
  if (added) items = added.reduce(appendUnique, items);
  if (removed) items = items.filter((item) => !removed.some((value) => equalAttributeValues(item, value)));
  // The array is in order of (re-)adding, so going over the limit drops the oldest values.
  return added && items.length > MAX_CUSTOM_ARRAY_ITEMS ? items.slice(-MAX_CUSTOM_ARRAY_ITEMS) : items;
}

function listOperand(update: Json, operator: string): AttributeValue[] | undefined {
  const values = ownValue(update, operator);
  return Array.isArray(values) ? storedLiterals(values) : undefined;
}

function appendUnique(items: AttributeValue[], value: AttributeValue): AttributeValue[] {
  return [...items.filter((item) => !equalAttributeValues(item, value)), value];
}

function resolveNested(stored: unknown, update: unknown, merge: boolean): Resolved {
  if (!isPlainObject(update) || isTimeMarker(update)) return toStoredLiteral(update);
  if (isObjectArrayEdit(update)) return editObjectArray(stored, update, merge);
  if (merge && isPlainObject(stored) && !isTimeMarker(stored)) return deepMerge(stored, update);
  return toStoredLiteral(update);
}

function deepMerge(stored: Json, update: Json): AttributeObject {
  const result = toAttributeRecord(stored);
  for (const key of Object.keys(update)) {
    if (key.startsWith('$')) continue;
    const value = update[key];
    if (value === undefined) continue;
    const resolved = value === null ? REMOVE : resolveNested(ownValue(result, key), value, true);
    if (resolved === REMOVE) delete result[key];
    else result[key] = resolved;
  }
  return result;
}

const OBJECT_ARRAY_OPERATORS = new Set(['$add', '$update', '$remove']);

function isObjectArrayEdit(update: Json): boolean {
  const keys = Object.keys(update);
  return keys.length > 0 && keys.every((key) => OBJECT_ARRAY_OPERATORS.has(key));
}

function editObjectArray(stored: unknown, update: Json, merge: boolean): AttributeValue[] {
  let items = Array.isArray(stored) ? storedLiterals(stored) : [];
  items = [...items, ...(listOperand(update, '$add') ?? [])];
  items = entriesOf(update, '$update').reduce((acc: AttributeValue[], entry) => updateMatching(acc, entry, merge), items);
  return entriesOf(update, '$remove').reduce((acc: AttributeValue[], entry) => removeMatching(acc, entry), items);
}

function entriesOf(update: Json, operator: string): readonly unknown[] {
  const entries = ownValue(update, operator);
  return Array.isArray(entries) ? entries : [];
}

interface ElementSelector {
  key: string;
  value: AttributeValue;
}

function selectorOf(entry: unknown): ElementSelector | undefined {
  if (!isPlainObject(entry)) return undefined;
  const key = entry['$identifier_key'];
  const value = toStoredLiteral(entry['$identifier_value']);
  if (typeof key !== 'string' || value === REMOVE) return undefined;
  return { key, value };
}

function matches(item: AttributeValue, selector: ElementSelector): boolean {
  return isPlainObject(item) && Object.hasOwn(item, selector.key) && equalAttributeValues(item[selector.key], selector.value);
}

function updateMatching(items: AttributeValue[], entry: unknown, merge: boolean): AttributeValue[] {
  const selector = selectorOf(entry);
  const replacement = isPlainObject(entry) ? entry['$new_object'] : undefined;
  if (!selector || !isPlainObject(replacement)) return items;
  return items.map((item) => {
    if (!matches(item, selector)) return item;
    if (merge && isPlainObject(item)) return deepMerge(item, replacement);
    const replaced = toStoredLiteral(replacement);
    return replaced === REMOVE ? item : replaced;
  });
}

function removeMatching(items: AttributeValue[], entry: unknown): AttributeValue[] {
  const selector = selectorOf(entry);
  return selector ? items.filter((item) => !matches(item, selector)) : items;
}

function isTimeMarker(value: Json): value is { $time: string } {
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === '$time' && typeof value['$time'] === 'string';
}

function storedLiterals(values: readonly unknown[]): AttributeValue[] {
  const result: AttributeValue[] = [];
  for (const value of values) {
    const stored = toStoredLiteral(value);
    if (stored !== REMOVE) result.push(stored);
  }
  return result;
}

/** The stored form of a value taken literally (a replacing object, an array item, a copied record). */
function toStoredLiteral(value: unknown): Resolved {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : REMOVE;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? REMOVE : value.toISOString();
  if (Array.isArray(value)) return storedLiterals(value);
  if (!isPlainObject(value)) return REMOVE;
  if (isTimeMarker(value)) return value.$time;
  if (isObjectArrayEdit(value)) return editObjectArray(undefined, value, false);
  const result = createAttributeObject();
  for (const key of Object.keys(value)) {
    if (key.startsWith('$')) continue;
    const stored = toStoredLiteral(value[key]);
    if (stored !== REMOVE) result[key] = stored;
  }
  return result;
}

/** Structural equality of stored values (JSON semantics: key order does not matter). */
export function equalAttributeValues(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (Array.isArray(left) || Array.isArray(right)) {
    return Array.isArray(left) && Array.isArray(right) && left.length === right.length && left.every((item, i) => equalAttributeValues(item, right[i]));
  }
  if (!isPlainObject(left) || !isPlainObject(right)) return false;
  const leftKeys = Object.keys(left);
  return leftKeys.length === Object.keys(right).length && leftKeys.every((key) => Object.hasOwn(right, key) && equalAttributeValues(left[key], right[key]));
}

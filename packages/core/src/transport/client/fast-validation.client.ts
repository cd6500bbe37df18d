import { MAX_NESTING_DEPTH } from '../../rules';
import {
  IDENTIFIER_ATTRIBUTE_KEYS,
  isPlainObject,
  MAX_ATTRIBUTE_KEY_LENGTH,
  MAX_ATTRIBUTE_LIST_ITEMS,
  MAX_ATTRIBUTES_PER_OBJECT,
  MAX_CUSTOM_ARRAY_ITEMS,
  MAX_CUSTOM_STRING_LENGTH,
  MAX_RECIPIENTS,
  MAX_TRIGGER_PROPERTIES_BYTES,
  MERGE_OBJECTS_KEY,
  PRIORITIZATIONS,
  sendIdSchema,
  UPDATE_EXISTING_ONLY_KEY,
  userAliasSchema,
  type JsonObject,
} from '../../schema';
import { EMAIL, GENDERS, isStandardAttributeName, standardAttributeSchemas, type StandardAttributeName } from '../../schema/standard-attributes.schema';

export type TriggerBodyKind = 'campaign' | 'canvas';

const nullOrString = (value: unknown): boolean => value === null || typeof value === 'string';
const GENDER_VALUES: ReadonlySet<unknown> = new Set(GENDERS);

/**
 * The standard attributes whose schema is a plain test, checked without zod (a zod parse costs
 * more than the rest of a recipient's check); the others are parsed with their schema. The
 * differential test holds each one to its schema.
 */
export const STANDARD_ATTRIBUTE_CHECKS: Partial<Record<StandardAttributeName, (value: unknown) => boolean>> = {
  first_name: nullOrString,
  last_name: nullOrString,
  phone: nullOrString,
  home_city: nullOrString,
  // Any string: one that names no country becomes null (removes the attribute), never an error.
  country: nullOrString,
  email: (value) => value === null || (typeof value === 'string' && EMAIL.test(value)),
  gender: (value) => value === null || GENDER_VALUES.has(value),
  time_zone: () => true,
};

const LIST_STANDARD_ATTRIBUTES: ReadonlySet<string> = new Set(['push_tokens', 'subscription_groups']);
const IGNORED_ATTRIBUTE_KEYS: ReadonlySet<string> = new Set([...IDENTIFIER_ATTRIBUTE_KEYS, UPDATE_EXISTING_ONLY_KEY]);
const PRIORITIZATION_VALUES: ReadonlySet<unknown> = new Set(PRIORITIZATIONS);
/** The longest JSON text of a number (`-2.2250738585072014e-308`), rounded up. */
const MAX_NUMBER_TEXT = 25;
/** JSON text of one UTF-16 unit: at most `\uXXXX` (a control character or a lone surrogate). */
const MAX_BYTES_PER_UNIT = 6;

/**
 * A fast, one-sided check of a trigger body: `true` only for a body the schema certainly accepts
 * (spec 3.2), found in one walk without zod, without building the normalized output and without
 * serializing `trigger_properties` to measure it. Anything unusual (nested attribute updates,
 * operations, `audience`, `attachments`, `broadcast: true`, a property object that might come
 * near 50 KB, ...) answers `false`, and the caller runs the full validator, which alone decides
 * and words every error. So a `false` never means invalid, and no message comes from here.
 */
export function isCertainlyValidTriggerBody(body: unknown, kind: TriggerBodyKind): boolean {
  if (!isPlainObject(body) || !prototypeIsClean()) return false;
  if (!nonEmptyString(kind === 'campaign' ? own(body, 'campaign_id') : own(body, 'canvas_id'))) return false;
  const broadcast = own(body, 'broadcast');
  if (broadcast !== undefined && broadcast !== false) return false;
  if (own(body, 'audience') !== undefined) return false;
  const recipients = own(body, 'recipients');
  if (!Array.isArray(recipients) || recipients.length === 0 || recipients.length > MAX_RECIPIENTS) return false;
  if (kind === 'campaign') {
    if (own(body, 'attachments') !== undefined) return false;
    const sendId = own(body, 'send_id');
    if (sendId !== undefined && !sendIdSchema.safeParse(sendId).success) return false;
    if (!personalisationFits(own(body, 'trigger_properties'), 2)) return false;
  } else if (!contextFits(body)) return false;
  // Depths as `valueExceedsDepth` counts them: the body 1, `recipients` 2, a recipient 3.
  if (!othersFit(body, kind === 'campaign' ? CAMPAIGN_FIELDS : CANVAS_FIELDS, 2)) return false;
  for (const recipient of recipients) if (!recipientFits(recipient, kind)) return false;
  return true;
}

/** Fields checked here one by one (their depth included); any other field is stripped by the schema but still counts for the nesting bound. */
const CAMPAIGN_FIELDS: ReadonlySet<string> = new Set(['campaign_id', 'broadcast', 'audience', 'recipients', 'attachments', 'send_id', 'trigger_properties']);
const CANVAS_FIELDS: ReadonlySet<string> = new Set(['canvas_id', 'broadcast', 'audience', 'recipients', 'context', 'canvas_entry_properties']);
const RECIPIENT_FIELDS = ['external_user_id', 'braze_id', 'email', 'prioritization', 'send_to_existing_only', 'attributes'] as const;
const CAMPAIGN_RECIPIENT_FIELDS: ReadonlySet<string> = new Set([...RECIPIENT_FIELDS, 'trigger_properties']);
const CANVAS_RECIPIENT_FIELDS: ReadonlySet<string> = new Set([...RECIPIENT_FIELDS, 'context', 'canvas_entry_properties']);

/**
 * The schema fields this check knows, per body kind (a recipient's `user_alias` is parsed with its
 * schema and depth-checked as any other field). A test holds them to the schemas' shapes, so a
 * field added to a schema cannot slip past the check unvalidated.
 */
export const KNOWN_FIELDS = {
  campaign: { body: CAMPAIGN_FIELDS, recipient: new Set([...CAMPAIGN_RECIPIENT_FIELDS, 'user_alias']) },
  canvas: { body: CANVAS_FIELDS, recipient: new Set([...CANVAS_RECIPIENT_FIELDS, 'user_alias']) },
} as const;

/** Every field of `object` not in `checked` nests within the bound, `depth` being that of the fields' values. */
function othersFit(object: JsonObject, checked: ReadonlySet<string>, depth: number): boolean {
  for (const key of Object.keys(object)) if (!checked.has(key) && !depthFits(object[key], depth)) return false;
  return true;
}

/** Objects and arrays `depthFits` visits under one field before it leaves the field to the full validator (a shared sub-object is visited once per path). */
const MAX_VISITED = 10_000;

/** No object or array in `value` deeper than `MAX_NESTING_DEPTH` (a cycle never fits). */
function depthFits(value: unknown, depth: number): boolean {
  return value === null || typeof value !== 'object' || visitsLeft(value, depth, MAX_VISITED) >= 0;
}

/** `visits` less the objects and arrays under `value`, or -1 when one is too deep or the visits run out. */
function visitsLeft(value: object, depth: number, visits: number): number {
  if (depth > MAX_NESTING_DEPTH || --visits < 0) return -1;
  for (const child of Array.isArray(value) ? (value as unknown[]) : Object.values(value)) {
    if (child !== null && typeof child === 'object' && (visits = visitsLeft(child, depth + 1, visits)) < 0) return -1;
  }
  return visits;
}

function nonEmptyString(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0;
}

/**
 * A field the schema would read, as an own property. Reading an absent field through the
 * prototype chain costs about 2 µs on a freshly built recipient (more than the rest of its
 * check); `Object.hasOwn` does not walk the chain. Equal to a plain read as long as
 * `Object.prototype` has none of these names, which `prototypeIsClean` checks once per body.
 */
function own(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

const READ_FIELDS = [...CAMPAIGN_FIELDS, ...CANVAS_FIELDS, ...CAMPAIGN_RECIPIENT_FIELDS, ...CANVAS_RECIPIENT_FIELDS, 'user_alias'];

/** No field name this check reads is inherited from `Object.prototype` (a polluted prototype leaves every body to the schema). */
function prototypeIsClean(): boolean {
  for (const key of READ_FIELDS) if (key in Object.prototype) return false;
  return true;
}

/** Canvas `context` / `canvas_entry_properties`: each a personalisation object, not both given. */
function contextFits(fields: JsonObject, depth = 2): boolean {
  const context = own(fields, 'context');
  const legacy = own(fields, 'canvas_entry_properties');
  if (context !== undefined && context !== '' && legacy !== undefined && legacy !== '') return false;
  return personalisationFits(context, depth) && personalisationFits(legacy, depth);
}

function recipientFits(recipient: unknown, kind: TriggerBodyKind): boolean {
  if (!isPlainObject(recipient)) return false;
  const external_user_id = own(recipient, 'external_user_id');
  const braze_id = own(recipient, 'braze_id');
  const email = own(recipient, 'email');
  const user_alias = own(recipient, 'user_alias');
  const prioritization = own(recipient, 'prioritization');
  const send_to_existing_only = own(recipient, 'send_to_existing_only');
  const attributes = own(recipient, 'attributes');
  const identifiers = Number(external_user_id !== undefined) + Number(user_alias !== undefined) + Number(braze_id !== undefined) + Number(email !== undefined);
  if (identifiers !== 1) return false;
  if (external_user_id !== undefined && !nonEmptyString(external_user_id)) return false;
  if (braze_id !== undefined && !nonEmptyString(braze_id)) return false;
  if (email !== undefined && !(nonEmptyString(email) && prioritizationFits(prioritization))) return false;
  if (email === undefined && prioritization !== undefined) return false;
  if (send_to_existing_only !== undefined && typeof send_to_existing_only !== 'boolean') return false;
  if (user_alias !== undefined && (send_to_existing_only === false || !userAliasSchema.safeParse(user_alias).success)) return false;
  if (attributes !== undefined && !attributesFit(attributes)) return false;
  if (!othersFit(recipient, kind === 'campaign' ? CAMPAIGN_RECIPIENT_FIELDS : CANVAS_RECIPIENT_FIELDS, 4)) return false;
  return kind === 'campaign' ? personalisationFits(own(recipient, 'trigger_properties'), 4) : contextFits(recipient, 4);
}

function prioritizationFits(value: unknown): boolean {
  if (!Array.isArray(value) || value.length === 0) return false;
  for (const item of value) if (!PRIORITIZATION_VALUES.has(item)) return false;
  return !(value.includes('identified') && value.includes('unidentified'));
}

/**
 * A recipient's attributes (spec 7) made of plain values only: standard attributes their schema
 * accepts, custom strings, numbers, booleans, null and short string arrays. Objects and arrays of
 * objects (operations, nested attributes) are left to the full validator.
 */
function attributesFit(attributes: unknown): boolean {
  if (!isPlainObject(attributes)) return false;
  const keys = Object.keys(attributes);
  if (keys.length > MAX_ATTRIBUTES_PER_OBJECT) return false;
  for (const key of keys) {
    const value = attributes[key];
    // The attributes object is at depth 4, its values at 5.
    if (!depthFits(value, 5)) return false;
    if (IGNORED_ATTRIBUTE_KEYS.has(key)) continue;
    if (key.length === 0 || key.length > MAX_ATTRIBUTE_KEY_LENGTH || key.startsWith('$')) return false;
    if (key === MERGE_OBJECTS_KEY) {
      if (typeof value !== 'boolean') return false;
    } else if (isStandardAttributeName(key)) {
      const check = STANDARD_ATTRIBUTE_CHECKS[key];
      if (check !== undefined) {
        if (!check(value)) return false;
        continue;
      }
      if (LIST_STANDARD_ATTRIBUTES.has(key) && Array.isArray(value) && value.length > MAX_ATTRIBUTE_LIST_ITEMS) return false;
      if (!standardAttributeSchemas[key].safeParse(value).success) return false;
    } else if (!customValueFits(value)) return false;
  }
  return true;
}

function customValueFits(value: unknown): boolean {
  if (value === null || typeof value === 'boolean') return true;
  if (typeof value === 'string') return value.length <= MAX_CUSTOM_STRING_LENGTH;
  if (typeof value === 'number') return Number.isFinite(value);
  if (!Array.isArray(value) || value.length > MAX_CUSTOM_ARRAY_ITEMS) return false;
  for (const item of value) if (typeof item !== 'string' || item.length > MAX_CUSTOM_STRING_LENGTH) return false;
  return true;
}

/** Absent, `""`, or a plain JSON object certainly within 50 KB and the nesting bound. */
function personalisationFits(value: unknown, depth: number): boolean {
  if (value === undefined || value === '') return true;
  return isPlainObject(value) && jsonBytesLeft(value, depth, MAX_TRIGGER_PROPERTIES_BYTES) >= 0;
}

/**
 * `bytes` less an upper bound of `value`'s UTF-8 JSON text, or a negative number when the text
 * may not fit or an object or array lies deeper than `MAX_NESTING_DEPTH`. Only plain objects,
 * arrays, strings, numbers, booleans and null count: anything JSON.stringify would treat
 * specially (a toJSON method, BigInt, undefined, functions, class instances, cycles) gives -1.
 */
function jsonBytesLeft(value: unknown, depth: number, bytes: number): number {
  switch (typeof value) {
    case 'string':
      return bytes - 2 - MAX_BYTES_PER_UNIT * value.length;
    case 'number':
      return bytes - MAX_NUMBER_TEXT;
    case 'boolean':
      return bytes - 5;
    case 'object':
      break;
    default:
      return -1;
  }
  if (value === null) return bytes - 4;
  if (depth > MAX_NESTING_DEPTH) return -1;
  if (Array.isArray(value)) {
    bytes -= 2 + value.length;
    for (let i = 0; i < value.length && bytes >= 0; i++) bytes = jsonBytesLeft(value[i], depth + 1, bytes);
    return bytes;
  }
  if (!isPlainObject(value)) return -1;
  const keys = Object.keys(value);
  bytes -= 2 + keys.length;
  for (let i = 0; i < keys.length && bytes >= 0; i++) {
    const key = keys[i] as string;
    bytes = jsonBytesLeft(value[key], depth + 1, bytes - 3 - MAX_BYTES_PER_UNIT * key.length);
  }
  return bytes;
}

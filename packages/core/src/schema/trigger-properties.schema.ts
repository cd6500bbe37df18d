import { z } from 'zod';
import { isPlainObject, type JsonObject } from './json-object.schema';

/** 50 KB, binary, of UTF-8 JSON text (spec 3.1). */
export const MAX_TRIGGER_PROPERTIES_BYTES = 51_200;

/** UTF-8 byte length of a string, without allocating an encoded copy. */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

/** Size of `value` as JSON text in UTF-8 bytes; undefined when it cannot be serialized (cycles, hostile depth). */
export function jsonByteLength(value: unknown): number | undefined {
  const text = jsonText(value);
  return text === undefined ? undefined : utf8ByteLength(text);
}

/** JSON text of `value`; undefined when it cannot be serialized. */
function jsonText(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

function checkSize(value: JsonObject, ctx: z.core.$RefinementCtx<JsonObject>): void {
  const text = jsonText(value);
  if (text === undefined) {
    ctx.addIssue({ code: 'custom', message: 'must be serializable as JSON', params: { code: 'bad_request' } });
    return;
  }
  // A UTF-16 unit is at most 3 UTF-8 bytes: short texts (nearly all) need no byte count.
  const bytes = text.length * 3 <= MAX_TRIGGER_PROPERTIES_BYTES ? 0 : utf8ByteLength(text);
  if (bytes > MAX_TRIGGER_PROPERTIES_BYTES) {
    ctx.addIssue({ code: 'custom', message: `exceeds 50KB (${bytes} bytes, limit ${MAX_TRIGGER_PROPERTIES_BYTES})`, params: { code: 'trigger_properties_too_large' } });
  }
}

/**
 * A personalisation object (`trigger_properties`, canvas `context` / `canvas_entry_properties`):
 * a JSON object of at most 50 KB. `""` counts as absent, because Braze's own examples send it.
 * The object is passed through as is (own `__proto__` keys stay data).
 */
export const personalisationObjectSchema = z
  .custom<JsonObject | ''>((value) => value === '' || isPlainObject(value), { error: 'must be an object' })
  .transform((value) => (value === '' ? undefined : value))
  .pipe(z.custom<JsonObject>((value) => isPlainObject(value)).superRefine(checkSize).optional())
  .meta({
    anyOf: [{ type: 'object', additionalProperties: true }, { type: 'string', const: '' }],
    description: 'A JSON object of at most 50 KB (UTF-8 JSON text); "" counts as absent.',
  });

export type PersonalisationObject = JsonObject;

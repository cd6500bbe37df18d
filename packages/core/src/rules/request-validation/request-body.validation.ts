import { PayloadTooLargeError } from '../../errors';
import { isPlainObject, utf8ByteLength } from '../../schema';
import { jsonTextExceedsDepth } from './nesting-depth.validation';
import { invalidBody, tooDeep, type ValidationResult } from './validation-result';

/** 4 MB, binary (spec 3.2 rule 2). */
export const MAX_BODY_BYTES = 4_194_304;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function decode(raw: string | Uint8Array): string | undefined {
  if (typeof raw === 'string') return raw;
  try {
    return utf8.decode(raw);
  } catch {
    return undefined;
  }
}

function byteLength(raw: string | Uint8Array): number {
  return typeof raw === 'string' ? utf8ByteLength(raw) : raw.byteLength;
}

/**
 * Spec 3.2 rules 1 and 2: a body over 4 MB is a 413; one that is not a JSON object is a 400, as is
 * one nested deeper than `MAX_NESTING_DEPTH` (checked on the text, before it is parsed).
 * Own `__proto__` keys from the text stay data (JSON.parse defines them; nothing here assigns).
 *
 * @example
 * const parsed = parseRequestBody('{"campaign_id":"c"}');
 * if (!parsed.ok) return { status: parsed.error.httpStatus, body: parsed.error.toBody() };
 */
export function parseRequestBody(raw: string | Uint8Array): ValidationResult<Record<string, unknown>> | { ok: false; error: PayloadTooLargeError } {
  if (byteLength(raw) > MAX_BODY_BYTES) return { ok: false, error: new PayloadTooLargeError() };
  if (jsonTextExceedsDepth(raw)) return { ok: false, error: tooDeep() };
  const text = decode(raw);
  if (text === undefined) return { ok: false, error: invalidBody() };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, error: invalidBody() };
  }
  return isPlainObject(parsed) ? { ok: true, value: parsed } : { ok: false, error: invalidBody() };
}

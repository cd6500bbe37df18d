import { MESSAGES, PayloadTooLargeError, type TriggerKitError, ValidationError } from '../../errors';
import { valueExceedsDepth } from '../../rules/request-validation/nesting-depth.validation';
import { parseRequestBody } from '../../rules/request-validation/request-body.validation';
import { tooDeep } from '../../rules/request-validation/validation-result';
import { isPlainObject } from '../../schema';
import type { HttpRequest } from './http.types';

export type ParsedBody = { ok: true; body: Record<string, unknown> } | { ok: false; error: TriggerKitError };

/**
 * Spec 3.2 rules 1–2 over whatever form the host delivered the body in (raw bytes, text, or JSON a
 * framework already parsed): over 4 MB is a 413; anything but a JSON object, or one nested deeper
 * than `MAX_NESTING_DEPTH`, is a 400.
 */
export function parseHttpBody(request: HttpRequest): ParsedBody {
  if (request.bodyTooLarge === true) return { ok: false, error: new PayloadTooLargeError() };
  if (request.rawBody !== undefined) {
    const parsed = parseRequestBody(request.rawBody);
    return parsed.ok ? { ok: true, body: parsed.value } : parsed;
  }
  if (isPlainObject(request.parsedBody)) return valueExceedsDepth(request.parsedBody) ? { ok: false, error: tooDeep() } : { ok: true, body: request.parsedBody };
  return { ok: false, error: new ValidationError('invalid_body', MESSAGES.invalid_body, []) };
}

import { clockAdvanceSchema, type ClockAdvanceRequest } from '../../schema/mock-clock.schema';
import { validateWith, type ValidationResult } from './validation-result';

/**
 * Validates a `POST /_mock/clock/advance` body (endpoints spec 2): exactly one of `ms` and `to`,
 * else 400 `Bad Request` with path errors. Never throws.
 *
 * @example
 * validateClockAdvance({ ms: 86_400_000 }); // → { ok: true, value: { ms: 86400000 } }
 */
export function validateClockAdvance(input: unknown): ValidationResult<ClockAdvanceRequest> {
  return validateWith(clockAdvanceSchema, input, () => 'bad_request');
}

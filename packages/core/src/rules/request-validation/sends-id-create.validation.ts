import { sendsIdCreateSchema, type SendsIdCreateRequest } from '../../schema';
import { validateWith, type ValidationResult } from './validation-result';

/**
 * Validates a `POST /sends/id/create` body (spec 8b): a bad `campaign_id` reads like the trigger
 * endpoint's; a bad `send_id` is `"Bad Request"`. Never throws.
 *
 * @example
 * const result = validateSendsIdCreate({ campaign_id: 'c', send_id: 'spring-sale' });
 */
export function validateSendsIdCreate(input: unknown): ValidationResult<SendsIdCreateRequest> {
  return validateWith(sendsIdCreateSchema, input, (issue) => (issue.path[0] === 'campaign_id' ? 'invalid_campaign_id' : 'bad_request'));
}

import { type z } from 'zod';
import { isPlainObject } from '../../schema/json-object.schema';
import { transactionalSendSchema, type TransactionalSendRequest } from '../../schema/transactional-send.schema';
import { invalidBody, validateWith, type RuleCode, type ValidationResult } from './validation-result';

/** Endpoints spec 4.1: which rule a problem of a transactional send breaks, by where it sits. */
export function classifyTransactionalIssue(issue: z.core.$ZodIssue): RuleCode {
  const [head, field] = issue.path;
  if (head === 'campaign_id') return 'invalid_campaign_id';
  if (head === 'external_send_id') return 'invalid_external_send_id';
  if (head !== 'recipient') return 'bad_request';
  if (field === undefined) return issue.code === 'invalid_type' && issue.input === undefined ? 'invalid_recipient' : 'bad_request';
  if (field === 'attributes') return 'invalid_attributes';
  return field === 'external_user_id' || field === 'user_alias' ? 'invalid_recipient' : 'bad_request';
}

/**
 * Validates a `POST /transactional/v1/campaigns/{campaign_id}/send` (endpoints spec 4.1): the
 * path's `campaign_id` (URL-decoded) and the body, all or nothing, the first failing rule's
 * message with every problem listed. A one-element `recipient` array counts as its element.
 * Never throws.
 *
 * @example
 * const result = validateTransactionalSend('receipt', { external_send_id: 'order-1', recipient: { external_user_id: 'u-1' } });
 * if (!result.ok) return { status: 400, body: result.error.toBody() };
 */
export function validateTransactionalSend(campaignId: string, input: unknown): ValidationResult<TransactionalSendRequest> {
  if (!isPlainObject(input)) return { ok: false, error: invalidBody() };
  return validateWith(transactionalSendSchema, { ...input, campaign_id: campaignId }, classifyTransactionalIssue);
}

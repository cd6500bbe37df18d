import { type z } from 'zod';
import { campaignTriggerSendSchema, RECIPIENT_IDENTIFIER_KEYS, type CampaignTriggerSendRequest } from '../../schema';
import { validateWith, type RuleCode, type ValidationResult } from './validation-result';

const RECIPIENT_IDENTITY_FIELDS: ReadonlySet<PropertyKey> = new Set([...RECIPIENT_IDENTIFIER_KEYS, 'prioritization']);

/**
 * Rules a trigger body breaks by where the problem sits (the schemas tag the cross-field ones).
 * `idField` is `campaign_id` or `canvas_id`.
 */
export function classifyTriggerIssue(issue: z.core.$ZodIssue, idField: 'campaign_id' | 'canvas_id'): RuleCode {
  const [head, , field] = issue.path;
  if (head === idField) return idField === 'campaign_id' ? 'invalid_campaign_id' : 'invalid_canvas_id';
  if (head === 'audience') return 'invalid_audience';
  if (head !== 'recipients') return 'bad_request';
  if (issue.path.length === 1 && issue.code === 'too_big') return 'too_many_recipients';
  if (field === 'attributes') return 'invalid_attributes';
  if (field !== undefined && RECIPIENT_IDENTITY_FIELDS.has(field)) return 'invalid_recipient';
  return 'bad_request';
}

/**
 * Validates a `POST /campaigns/trigger/send` body against spec 3.2 rules 1 and 3–13. All or
 * nothing: `message` names the first failing rule, `errors` lists every problem by path.
 * Never throws.
 *
 * @example
 * const result = validateCampaignTriggerSend(body);
 * if (!result.ok) return { status: 400, body: result.error.toBody() };
 */
export function validateCampaignTriggerSend(input: unknown): ValidationResult<CampaignTriggerSendRequest> {
  return validateWith(campaignTriggerSendSchema, input, (issue) => classifyTriggerIssue(issue, 'campaign_id'));
}

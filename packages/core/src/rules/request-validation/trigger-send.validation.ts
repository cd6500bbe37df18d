import { type z } from 'zod';
import { MESSAGES, ValidationError } from '../../errors';
import { campaignTriggerSendSchema, isPlainObject, MAX_RECIPIENTS, RECIPIENT_IDENTIFIER_KEYS, type CampaignTriggerSendRequest } from '../../schema';
import { validateWith, type IssueClassifier, type RuleCode, type ValidationResult } from './validation-result';

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
  return validateTriggerBody(campaignTriggerSendSchema, input, (issue) => classifyTriggerIssue(issue, 'campaign_id'));
}

/**
 * Past this many, recipients are not checked one by one: the request already breaks rule 4, and
 * checking every recipient of a 4 MB body (over a million `{}`) would hold the server for seconds.
 */
export const MAX_CHECKED_RECIPIENTS = 1_000;

/** `validateWith` for a trigger body, checking at most `MAX_CHECKED_RECIPIENTS` recipients and saying so. */
export function validateTriggerBody<S extends z.ZodType>(schema: S, input: unknown, classify: IssueClassifier): ValidationResult<z.output<S>> {
  const body = isPlainObject(input) ? input : undefined;
  const recipients = body?.['recipients'];
  if (!body || !Array.isArray(recipients) || recipients.length <= MAX_CHECKED_RECIPIENTS) return validateWith(schema, input, classify);
  const checked = validateWith(schema, { ...body, recipients: recipients.slice(0, MAX_CHECKED_RECIPIENTS) }, classify);
  const unchecked = `recipients[${MAX_CHECKED_RECIPIENTS}]: this and the ${recipients.length - MAX_CHECKED_RECIPIENTS - 1} recipients after it were not checked (the request has ${recipients.length}, the limit is ${MAX_RECIPIENTS})`;
  // The slice alone already breaks rule 4, so `checked` is never ok; the fallback says so anyway.
  const found = checked.ok ? { code: 'too_many_recipients', message: MESSAGES.too_many_recipients, errors: [] } : checked.error;
  return { ok: false, error: new ValidationError(found.code, found.message, [...found.errors, unchecked]) };
}

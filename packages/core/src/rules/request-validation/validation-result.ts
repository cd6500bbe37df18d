import { type z } from 'zod';
import { MESSAGES, ValidationError, type MessageCode } from '../../errors';
import { formatIssue, isPlainObject, PARSE_OPTIONS } from '../../schema';
import { NESTING_DEPTH_ERROR, valueExceedsDepth } from './nesting-depth.validation';

/** The outcome of validating a request: the normalized value, or the 400 to answer with. */
export type ValidationResult<T> = { ok: true; value: T } | { ok: false; error: ValidationError };

/**
 * Spec 3.2's rules in their order (then endpoints spec 5's `schedule_id` after the id, and its
 * rules 14–16 last; endpoints spec 4.1's `external_send_id` after the recipient; endpoints spec
 * 3.2's `messages` first, its segment rule after rule 6, its subscription state after the recipients
 * and its message objects after the audience; endpoints spec 7–12's own rules right after rule 1, in each section's order): when several fail, `message` is that of the first one.
 * Rules 7–9 share one message, so they share one rank.
 */
export const RULE_ORDER = [
  'invalid_body',
  'export_identifier_required',
  'export_identifier_exclusive',
  'export_too_many_ids',
  'export_fields_required',
  'identify_required',
  'identify_too_many',
  'alias_new_required',
  'alias_new_too_many',
  'alias_updates_required',
  'alias_updates_too_many',
  'delete_required',
  'delete_several',
  'delete_too_many',
  'merge_not_array',
  'merge_too_many',
  'merge_keys',
  'merge_bad_identifier',
  'invalid_identifier',
  'invalid_user_alias',
  'invalid_alias_update',
  'subscription_fields',
  'subscription_email_and_phone',
  'subscription_too_many_external_id',
  'subscription_too_many_email',
  'subscription_too_many_phone',
  'subscription_too_many_external_ids',
  'subscription_too_many_emails',
  'subscription_too_many_phones',
  'no_messages',
  'invalid_campaign_id',
  'invalid_canvas_id',
  'invalid_schedule_id',
  'too_many_recipients',
  'broadcast_with_recipients',
  'no_recipients',
  'broadcast_needs_audience',
  'invalid_recipient',
  'invalid_subscription_state',
  'invalid_external_send_id',
  'trigger_properties_too_large',
  'invalid_audience',
  'invalid_attributes',
  'invalid_messages',
  'bad_request',
  'invalid_schedule',
  'schedule_in_past',
  'schedule_passed_everywhere',
  'schedule_too_far',
] as const satisfies readonly MessageCode[];
export type RuleCode = (typeof RULE_ORDER)[number];

/** Maps one zod issue to the rule it breaks. */
export type IssueClassifier = (issue: z.core.$ZodIssue) => RuleCode;

function isRuleCode(value: unknown): value is RuleCode {
  return typeof value === 'string' && (RULE_ORDER as readonly string[]).includes(value);
}

/** The rule a schema tagged on its own issue (`params.code`), if any. */
export function taggedRule(issue: z.core.$ZodIssue): RuleCode | undefined {
  if (issue.code !== 'custom') return undefined;
  const code: unknown = issue.params?.code;
  return isRuleCode(code) ? code : undefined;
}

/** The 400 for a set of issues: the first failing rule's message, and every issue by path. */
export function toValidationError(issues: readonly z.core.$ZodIssue[], classify: IssueClassifier): ValidationError {
  // A loop, not `Math.min(...ranks)`: a 4 MB body can carry more issues than a call has arguments.
  let firstRank: number = RULE_ORDER.length;
  for (const issue of issues) firstRank = Math.min(firstRank, RULE_ORDER.indexOf(taggedRule(issue) ?? classify(issue)));
  const first = RULE_ORDER[firstRank] ?? 'bad_request';
  const errors = [...new Set(issues.map((issue) => formatIssue(issue)))];
  return new ValidationError(first, MESSAGES[first], errors);
}

export function invalidBody(): ValidationError {
  return new ValidationError('invalid_body', MESSAGES.invalid_body, []);
}

/** A body nested deeper than `MAX_NESTING_DEPTH`: `Bad Request`, with the limit named in `errors`. */
export function tooDeep(): ValidationError {
  return new ValidationError('bad_request', MESSAGES.bad_request, [NESTING_DEPTH_ERROR]);
}

/**
 * Rule 1, the nesting bound, then the schema, never throwing: a schema bug becomes a 400 rather than a crash,
 * because a validator in front of a server must answer every input.
 */
export function validateWith<S extends z.ZodType>(schema: S, input: unknown, classify: IssueClassifier): ValidationResult<z.output<S>> {
  if (!isPlainObject(input)) return { ok: false, error: invalidBody() };
  if (valueExceedsDepth(input)) return { ok: false, error: tooDeep() };
  try {
    const result = schema.safeParse(input, PARSE_OPTIONS);
    if (result.success) return { ok: true, value: result.data };
    return { ok: false, error: toValidationError(result.error.issues, classify) };
  } catch (cause) {
    return { ok: false, error: new ValidationError('bad_request', MESSAGES.bad_request, ['body: could not be validated'], { cause }) };
  }
}

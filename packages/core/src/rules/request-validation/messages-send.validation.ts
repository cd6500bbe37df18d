import { type z } from 'zod';
import { messagesSendSchema, type MessagesSendRequest } from '../../schema/messages-send.schema';
import { validateWith, type RuleCode, type ValidationResult } from './validation-result';

/** A value of the wrong JSON type (not a missing one, which is the field's own rule). */
function wrongType(issue: z.core.$ZodIssue): boolean {
  return issue.code === 'invalid_type' && issue.input !== undefined;
}

/** Endpoints spec 3.2: which rule a problem of a `/messages/send` body breaks, by where it sits (the schema tags the cross-field ones). */
export function classifyMessagesSendIssue(issue: z.core.$ZodIssue): RuleCode {
  const [head] = issue.path;
  switch (head) {
    case 'messages':
      // Missing or not an object is rule 3; anything inside a message object, rule 11.
      return issue.path.length === 1 ? 'no_messages' : 'invalid_messages';
    case 'external_user_ids':
    case 'user_aliases':
      return issue.path.length === 1 || wrongType(issue) ? 'bad_request' : 'invalid_recipient';
    case 'recipient_subscription_state':
      return 'invalid_subscription_state';
    case 'audience':
      return 'invalid_audience';
    default:
      return 'bad_request';
  }
}

/**
 * Validates a `POST /messages/send` body against endpoints spec 3.2 rules 1–12, all or nothing:
 * the first failing rule's message with every problem listed by path. Never throws. The checks
 * against the workspace (segment, campaign, SMS subscription group) are the engine's.
 *
 * @example
 * const result = validateMessagesSend({ external_user_ids: ['u-1'], messages: { sms: { subscription_group_id: 'sg-sms', app_id: 'a', body: 'Hi' } } });
 * if (!result.ok) return { status: 400, body: result.error.toBody() };
 */
export function validateMessagesSend(input: unknown): ValidationResult<MessagesSendRequest> {
  return validateWith(messagesSendSchema, input, classifyMessagesSendIssue);
}

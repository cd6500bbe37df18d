import { canvasTriggerSendSchema, type CanvasTriggerSendRequest } from '../../schema';
import { classifyTriggerIssue, validateTriggerBody } from './trigger-send.validation';
import { type ValidationResult } from './validation-result';

/**
 * Validates a `POST /canvas/trigger/send` body: the campaign rules with spec 4's differences
 * (`canvas_id`, `context` with its legacy alias `canvas_entry_properties`, normalized to `context`).
 * Never throws.
 *
 * @example
 * const result = validateCanvasTriggerSend({ canvas_id: 'onboarding', broadcast: true });
 */
export function validateCanvasTriggerSend(input: unknown): ValidationResult<CanvasTriggerSendRequest> {
  return validateTriggerBody(canvasTriggerSendSchema, input, (issue) => classifyTriggerIssue(issue, 'canvas_id'));
}

import { MESSAGES, ValidationError } from '../../errors';
import {
  type ValidationResult,
  validateCampaignTriggerSend,
  validateCanvasTriggerSend,
  validateSendsIdCreate,
  validateUsersTrack,
  type UsersTrackValidationOptions,
} from '../../rules';

/** Throws the `ValidationError` the server would answer with, before anything is sent. */
export type RequestValidator = (body: unknown) => void;

function throwing<T>(validate: (body: unknown) => ValidationResult<T>, extra: (value: T) => void = () => undefined): RequestValidator {
  return (body) => {
    const result = validate(body);
    if (!result.ok) throw result.error;
    extra(result.value);
  };
}

export const validateCampaignTriggerSendBody = throwing(validateCampaignTriggerSend);
export const validateCanvasTriggerSendBody = throwing(validateCanvasTriggerSend);
export const validateSendsIdCreateBody = throwing(validateSendsIdCreate);

/**
 * The server drops invalid `/users/track` items (and invalid nested values) and processes the
 * rest (spec 7, 8); a client that knows an item is invalid refuses the whole body instead, so the
 * mistake surfaces in the caller. The 75-object limit counts as the workspace does (`batch`).
 */
export function usersTrackBodyValidator(options: UsersTrackValidationOptions): RequestValidator {
  return throwing(
    (body) => validateUsersTrack(body, options),
    ({ itemErrors }) => {
      if (itemErrors.length > 0) throw new ValidationError('bad_request', MESSAGES.bad_request, itemErrors.map((e) => e.type));
    },
  );
}

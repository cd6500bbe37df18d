import { type z } from 'zod';
import { usersExportIdsSchema, type UsersExportIdsRequest } from '../../schema/users-export.schema';
import { WHEN_OBJECT } from '../../schema/json-object.schema';
import { validateWith, type RuleCode, type ValidationResult } from './validation-result';

export interface UsersExportIdsValidationOptions {
  /** The workspace's `export_fields_required` (endpoints spec 11, 15; default `true`). */
  fieldsRequired: boolean;
}

const withRequiredFields = usersExportIdsSchema.superRefine((body: { fields_to_export?: unknown }, ctx) => {
  if (body.fields_to_export === undefined) ctx.addIssue({ code: 'custom', message: 'required', path: ['fields_to_export'], params: { code: 'export_fields_required' } });
}, WHEN_OBJECT);

/** Endpoints spec 11: the cross-field rules are tagged by the schema; anything else (a type, a bad alias, an unknown field name) is "Bad Request". */
export function classifyUsersExportIssue(_issue: z.core.$ZodIssue): RuleCode {
  return 'bad_request';
}

/**
 * Validates a `POST /users/export/ids` body (endpoints spec 11): an identifier, `device_id` /
 * `email_address` / `phone` alone, at most 50 ids and aliases, `fields_to_export` when the
 * workspace requires it and only known field names. Never throws.
 *
 * @example
 * const result = validateUsersExportIds({ external_ids: ['u-1'], fields_to_export: ['email'] }, { fieldsRequired: true });
 * if (!result.ok) return { status: 400, body: result.error.toBody() };
 */
export function validateUsersExportIds(input: unknown, options: UsersExportIdsValidationOptions): ValidationResult<UsersExportIdsRequest> {
  return validateWith(options.fieldsRequired ? withRequiredFields : usersExportIdsSchema, input, classifyUsersExportIssue);
}

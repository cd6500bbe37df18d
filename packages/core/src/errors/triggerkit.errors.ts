/**
 * The one error hierarchy of triggerkit. Server-side, an error maps to an HTTP response
 * (`httpStatus` + `toBody()`); client-side, it also carries the response it came from.
 */

/** Every spec-fixed message, keyed by its stable code. Messages are Braze's, word for word (spec 2, 3.2, 4, 5, 8, 8b, 9). */
export const MESSAGES = {
  invalid_body: 'Bad Request: body must be a JSON object',
  payload_too_large: 'Payload Too Large',
  unsupported_media_type: 'Unsupported Media Type',
  invalid_campaign_id: 'campaign_id must be a string of the campaign api identifier',
  invalid_canvas_id: 'canvas_id must be a string of the Canvas api identifier',
  too_many_recipients: 'The max number of external_ids and aliases per request was exceeded',
  broadcast_with_recipients: 'broadcast cannot be true when recipients are specified',
  no_recipients: 'No Recipients',
  invalid_recipient: 'Invalid recipient',
  trigger_properties_too_large: 'trigger_properties exceeds 50KB',
  invalid_audience: 'Invalid audience',
  invalid_attributes: 'Invalid attributes',
  bad_request: 'Bad Request',
  max_input_length_exceeded: 'Max Input Length Exceeded',
  campaign_not_found: 'Campaign does not exist',
  campaign_not_api_triggered: 'The campaign is not an API-triggered campaign',
  campaign_paused: 'The campaign is paused. Resume the campaign in order for trigger requests to take effect.',
  campaign_archived: 'The campaign is archived. Unarchive the campaign in order for trigger requests to take effect.',
  canvas_not_found: 'Canvas does not exist',
  canvas_paused: 'The Canvas is paused. Resume the Canvas to ensure trigger requests will take effect.',
  canvas_archived: 'The Canvas is archived. Unarchive the Canvas to ensure trigger requests will take effect.',
  invalid_api_key: 'Invalid API key',
  rate_limited: 'Rate limit exceeded',
  user_not_found: 'User not found',
  not_found: 'Not Found',
  method_not_allowed: 'Method Not Allowed',
  internal_error: 'Internal Server Error',
  client_aborted: 'Bad Request: the client closed the connection before the body arrived',
  clock_backwards: 'The mock clock cannot go backwards',
  invalid_schedule: 'Invalid schedule',
  invalid_schedule_id: 'schedule_id must be a string',
  schedule_in_past: 'The schedule time is in the past',
  schedule_passed_everywhere: 'The schedule time has passed in all time zones',
  schedule_too_far: 'The schedule time is more than 90 days in the future',
  schedule_not_found: 'Schedule does not exist',
  schedule_not_updatable: 'The schedule can no longer be updated',
  schedule_view_not_found: 'Schedule not found',
  invalid_external_send_id: 'Bad Request',
  campaign_not_transactional: 'The campaign is not a transactional campaign. Only transactional campaigns may use this endpoint',
  // Two spaces after the period, as Braze prints it (endpoints spec 4.3).
  external_send_id_queued: 'The external reference has been queued.  Please retry to obtain send_id.',
  // Endpoints spec 3.2.
  no_messages: 'No messages',
  broadcast_needs_audience: 'broadcast requires a segment_id or an audience',
  invalid_subscription_state: 'Bad Request',
  invalid_messages: 'Invalid messages',
  segment_not_found: 'Segment does not exist',
  campaign_not_api: 'campaign_id must be the id of an API campaign',
  // Endpoints spec 11.
  export_identifier_required: 'At least one identifier is required',
  export_identifier_exclusive: 'Only one of device_id, email_address or phone may be provided, and not with other identifiers',
  export_too_many_ids: 'a single request may not contain more than 50 external_ids and user_aliases',
  export_fields_required: 'fields_to_export is required',
  // Endpoints spec 12 (the second is Braze's).
  subscription_group_not_found: 'Subscription group does not exist',
  // Endpoints spec 7–10 (user lifecycle), 12 (subscription POSTs).
  identify_required: 'aliases_to_identify, emails_to_identify or phone_numbers_to_identify is required',
  identify_too_many: 'a single request may not contain more than 50 aliases to identify',
  alias_new_required: 'user_aliases is required',
  alias_new_too_many: 'a single request may not contain more than 50 user aliases',
  alias_updates_required: 'alias_updates is required',
  alias_updates_too_many: 'a single request may not contain more than 50 alias updates',
  delete_required: 'external_ids, user_aliases, braze_ids, email_addresses or phone_numbers is required',
  delete_several: 'Only one of external_ids, user_aliases, braze_ids, email_addresses or phone_numbers may be provided',
  delete_too_many: 'a single request may not contain more than 50 users to delete',
  merge_not_array: "'merge_updates' must be an array of objects",
  merge_too_many: 'a single request may not contain more than 50 merge updates',
  merge_keys: "'merge_updates' must only have 'identifier_to_merge' and 'identifier_to_keep'",
  merge_bad_identifier:
    "identifiers must be objects with an 'external_id' property that is a string, 'user_alias' property that is an object, 'email' property that is a string, or 'phone' property that is a string",
  invalid_identifier: 'Invalid identifier',
  invalid_user_alias: 'Invalid user alias',
  invalid_alias_update: 'Invalid alias update',
  subscription_fields: 'Bad Request',
  subscription_too_many_external_id: 'a single request may not contain more than 50 external_id values',
  subscription_too_many_email: 'a single request may not contain more than 50 email values',
  subscription_too_many_phone: 'a single request may not contain more than 50 phone values',
  subscription_too_many_external_ids: 'a single request may not contain more than 50 external_ids values',
  subscription_too_many_emails: 'a single request may not contain more than 50 emails values',
  subscription_too_many_phones: 'a single request may not contain more than 50 phones values',
  subscription_email_and_phone: 'Either an email address or a phone number should be provided, but not both.',
  store_unavailable: 'Service Unavailable: the request could not be stored; nothing was processed',
} as const;

export type MessageCode = keyof typeof MESSAGES;

/** `Access Denied: this API key lacks the <permission> permission` (spec 2). */
export function accessDeniedMessage(permission: string): string {
  return `Access Denied: this API key lacks the ${permission} permission`;
}

/** A response as the client received it, kept on client-side errors for diagnosis. */
export interface ErrorResponseInfo {
  status: number;
  headers: Record<string, string>;
  /** The parsed JSON body, or the raw text when it was not JSON (empty, HTML, truncated). */
  body: unknown;
}

export interface TriggerKitErrorOptions {
  errors?: readonly string[];
  response?: ErrorResponseInfo;
  cause?: unknown;
}

/**
 * Base of every triggerkit error: a stable `code`, the HTTP status in `httpStatus` (the status a
 * server answers with; on the client, the status Braze answered), Braze's `message` and
 * path-prefixed `errors`.
 *
 * The status is deliberately not called `status` or `statusCode`: Express's default error handler
 * reads those, so a Braze 401 thrown inside a user's route would answer the user's own caller 401.
 * To answer Braze failures from your app, use `brazeFailureResponse` (or the Express error handler
 * and Nest exception filter built on it): 502, or 503 with `Retry-After` when Braze rate-limited.
 */
export class TriggerKitError extends Error {
  override readonly name: string = 'TriggerKitError';
  readonly errors: readonly string[];
  readonly response: ErrorResponseInfo | undefined;

  constructor(
    readonly code: string,
    readonly httpStatus: number,
    message: string,
    options: TriggerKitErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.errors = options.errors ?? [];
    this.response = options.response;
  }

  /** The Braze-style JSON body: `{message, errors?}`. */
  toBody(): { message: string; errors?: string[] } {
    return this.errors.length > 0 ? { message: this.message, errors: [...this.errors] } : { message: this.message };
  }
}

/** A request that breaks a rule of spec 3.2 (or 4, 7, 8, 8b, 13): status 400, all-or-nothing. */
export class ValidationError extends TriggerKitError {
  override readonly name: string = 'ValidationError';
  constructor(code: MessageCode | string, message: string, errors: readonly string[], options: Omit<TriggerKitErrorOptions, 'errors'> = {}) {
    super(code, 400, message, { ...options, errors: errors.length > 0 ? errors : [message] });
  }
}

/** Body over 4 MB: 413. */
export class PayloadTooLargeError extends TriggerKitError {
  override readonly name: string = 'PayloadTooLargeError';
  constructor(options: TriggerKitErrorOptions = {}) {
    super('payload_too_large', 413, MESSAGES.payload_too_large, options);
  }
}

/** A POST without `Content-Type: application/json` (spec 2, Rev 2): 415, before anything else is looked at. */
export class UnsupportedMediaTypeError extends TriggerKitError {
  override readonly name: string = 'UnsupportedMediaTypeError';
  constructor(options: TriggerKitErrorOptions = {}) {
    super('unsupported_media_type', 415, MESSAGES.unsupported_media_type, options);
  }
}

/** Missing or unknown API key: 401. */
export class AuthError extends TriggerKitError {
  override readonly name: string = 'AuthError';
  constructor(options: TriggerKitErrorOptions = {}) {
    super('invalid_api_key', 401, MESSAGES.invalid_api_key, options);
  }
}

/** Known key without the endpoint's permission: 403. */
export class PermissionError extends TriggerKitError {
  override readonly name: string = 'PermissionError';
  constructor(
    readonly permission: string,
    options: TriggerKitErrorOptions = {},
  ) {
    super('permission_denied', 403, accessDeniedMessage(permission), options);
  }
}

/** Over the rate limit: 429. `resetAt` is when the window ends; `retryAfterSeconds` is what the server asked for. */
export class RateLimitedError extends TriggerKitError {
  override readonly name: string = 'RateLimitedError';
  constructor(
    readonly resetAt: Date | undefined,
    readonly retryAfterSeconds: number | undefined,
    options: TriggerKitErrorOptions = {},
  ) {
    super('rate_limited', 429, MESSAGES.rate_limited, options);
  }
}

/** Route or resource not found: 404. */
export class NotFoundError extends TriggerKitError {
  override readonly name: string = 'NotFoundError';
  constructor(message: string = MESSAGES.not_found, options: TriggerKitErrorOptions = {}) {
    super('not_found', 404, message, options);
  }
}

/**
 * The store failed (disk full, locked, corrupt, closed): 503, and nothing of the request was
 * written, so a client may retry it. `cause` holds the store's own error.
 */
export class StoreUnavailableError extends TriggerKitError {
  override readonly name: string = 'StoreUnavailableError';
  constructor(options: TriggerKitErrorOptions = {}) {
    super('store_unavailable', 503, MESSAGES.store_unavailable, options);
  }
}

/** A 5xx answer (or any status the client does not otherwise classify). */
export class ServerError extends TriggerKitError {
  override readonly name: string = 'ServerError';
  constructor(status: number, message: string, options: TriggerKitErrorOptions = {}) {
    super('server_error', status, message, options);
  }
}

/** The request never got a response: refused, reset, DNS, TLS. `httpStatus` is 0. */
export class NetworkError extends TriggerKitError {
  override readonly name: string = 'NetworkError';
  constructor(
    message: string,
    /** True when the failure happened before the request was fully written (so a retry cannot send twice). */
    readonly beforeSend: boolean,
    options: TriggerKitErrorOptions = {},
  ) {
    super('network_error', 0, message, options);
  }
}

/** The client's timeout elapsed. `httpStatus` is 0. */
export class TimeoutError extends TriggerKitError {
  override readonly name: string = 'TimeoutError';
  constructor(
    readonly timeoutMs: number,
    options: TriggerKitErrorOptions = {},
  ) {
    super('timeout', 0, `Request timed out after ${timeoutMs} ms`, options);
  }
}

/** The caller's AbortSignal fired. `httpStatus` is 0. */
export class AbortError extends TriggerKitError {
  override readonly name: string = 'AbortError';
  constructor(options: TriggerKitErrorOptions = {}) {
    super('aborted', 0, 'The request was aborted', options);
  }
}

export function isTriggerKitError(value: unknown): value is TriggerKitError {
  return value instanceof TriggerKitError;
}

import {
  AuthError,
  type ErrorResponseInfo,
  MESSAGES,
  NotFoundError,
  PayloadTooLargeError,
  PermissionError,
  RateLimitedError,
  ServerError,
  type TriggerKitError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../errors';
import { bodyErrors, bodyMessage } from './response-info.client';
import { readRateLimitHeaders, readRetryAfterMs } from './rate-limit-headers.client';

const CODE_BY_MESSAGE = new Map<string, string>(Object.entries(MESSAGES).map(([code, message]) => [message, code]));
const PERMISSION_IN_MESSAGE = /^Access Denied: this API key lacks the (\S+) permission$/;

/** What the client knows about the call whose response is being mapped. */
export interface ErrorContext {
  /** The permission the endpoint needs, named in a 403 when the body does not say. */
  permission: string;
  nowMs: number;
}

/** Maps a non-2xx response to the typed error of the one hierarchy; every error keeps the response. */
export function errorFromResponse(response: ErrorResponseInfo, context: ErrorContext): TriggerKitError {
  const message = bodyMessage(response.body);
  const options = { response, errors: bodyErrors(response.body) };
  switch (response.status) {
    case 400:
      return validationErrorFrom(message ?? MESSAGES.bad_request, options.errors, response);
    case 401:
      return new AuthError(options);
    case 403:
      return new PermissionError(permissionFrom(message) ?? context.permission, options);
    case 404:
      return new NotFoundError(message ?? MESSAGES.not_found, options);
    case 413:
      return new PayloadTooLargeError(options);
    case 415:
      return new UnsupportedMediaTypeError(options);
    case 429:
      return rateLimitedErrorFrom(response, context.nowMs);
    default:
      return new ServerError(response.status, message ?? defaultServerMessage(response.status), options);
  }
}

function validationErrorFrom(message: string, errors: string[], response: ErrorResponseInfo): ValidationError {
  return new ValidationError(CODE_BY_MESSAGE.get(message) ?? 'bad_request', message, errors, { response });
}

function permissionFrom(message: string | undefined): string | undefined {
  return message === undefined ? undefined : PERMISSION_IN_MESSAGE.exec(message)?.[1];
}

function rateLimitedErrorFrom(response: ErrorResponseInfo, nowMs: number): RateLimitedError {
  const { resetAtMs } = readRateLimitHeaders(response.headers);
  const retryAfterMs = readRetryAfterMs(response.headers, nowMs);
  return new RateLimitedError(
    resetAtMs === undefined ? undefined : new Date(resetAtMs),
    retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000),
    { response, errors: bodyErrors(response.body) },
  );
}

function defaultServerMessage(status: number): string {
  return status === 500 ? MESSAGES.internal_error : `Unexpected HTTP status ${status}`;
}

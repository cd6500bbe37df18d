import { describe, expect, it } from 'vitest';
import { AuthError, MESSAGES, NotFoundError, PayloadTooLargeError, PermissionError, RateLimitedError, ServerError, UnsupportedMediaTypeError, ValidationError } from '../../errors';
import { errorFromResponse } from './error-mapping.client';
import { parseBodyText } from './response-info.client';

const context = { permission: 'campaigns.trigger.send', nowMs: 1_000_000 };
const response = (status: number, body: unknown, headers: Record<string, string> = {}) => ({ status, headers, body });

describe('errorFromResponse', () => {
  it('maps a 400 to a ValidationError with the spec code, message and errors', () => {
    const error = errorFromResponse(response(400, { message: MESSAGES.no_recipients, errors: [MESSAGES.no_recipients, 7] }), context);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'no_recipients', httpStatus: 400, message: 'No Recipients', errors: ['No Recipients'] });
    expect(error.response?.body).toEqual({ message: MESSAGES.no_recipients, errors: [MESSAGES.no_recipients, 7] });
  });

  it('maps 401, 403 (permission from the body, else the endpoint), 404 and 413', () => {
    expect(errorFromResponse(response(401, ''), context)).toBeInstanceOf(AuthError);
    const named = errorFromResponse(response(403, { message: 'Access Denied: this API key lacks the users.track permission' }), context);
    expect(named).toBeInstanceOf(PermissionError);
    expect((named as PermissionError).permission).toBe('users.track');
    expect((errorFromResponse(response(403, '<html>'), context) as PermissionError).permission).toBe('campaigns.trigger.send');
    expect(errorFromResponse(response(404, ''), context)).toBeInstanceOf(NotFoundError);
    expect(errorFromResponse(response(413, ''), context)).toBeInstanceOf(PayloadTooLargeError);
  });

  it('maps a 415 (spec 2, Rev 2) to an UnsupportedMediaTypeError, never retried as a 5xx', () => {
    const error = errorFromResponse(response(415, { message: 'Unsupported Media Type' }), context);
    expect(error).toBeInstanceOf(UnsupportedMediaTypeError);
    expect(error).toMatchObject({ code: 'unsupported_media_type', httpStatus: 415, message: 'Unsupported Media Type' });
    expect(error).not.toBeInstanceOf(ServerError);
  });

  it('maps a 429 with its reset time and Retry-After', () => {
    const error = errorFromResponse(response(429, { message: 'Rate limit exceeded' }, { 'retry-after': '3', 'x-ratelimit-reset': '1005' }), context);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBe(3);
    expect((error as RateLimitedError).resetAt).toEqual(new Date(1_005_000));
  });

  it('maps anything else to a ServerError keeping an HTML body as text', () => {
    const error = errorFromResponse(response(502, '<html>Bad gateway</html>'), context);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ httpStatus: 502, message: 'Unexpected HTTP status 502', response: { body: '<html>Bad gateway</html>' } });
    expect(errorFromResponse(response(500, ''), context).message).toBe(MESSAGES.internal_error);
  });
});

describe('parseBodyText', () => {
  it('never throws: JSON is parsed, anything else is kept as text', () => {
    expect(parseBodyText('{"a":1}')).toEqual({ a: 1 });
    expect(parseBodyText('{"a":')).toBe('{"a":');
    expect(parseBodyText('')).toBe('');
    expect(parseBodyText('<html></html>')).toBe('<html></html>');
  });
});

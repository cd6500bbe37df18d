import { MatchersV3 } from '@pact-foundation/pact';
import { MESSAGES, accessDeniedMessage, type Permission, type UsersTrackArray } from '@triggerkit/core';

const { regex, string, eachLike, like } = MatchersV3;

/** Pact's header template: exact strings or matchers. */
type HeaderTemplate = Record<string, string | ReturnType<typeof regex>>;

/** What an interaction expects back: status, headers (exact or matchers) and a JSON body template. */
export interface ExpectedResponse {
  status: number;
  headers: HeaderTemplate;
  body: unknown;
}

/** Pact matches a header regex against the whole value, parameters included. */
export const JSON_CONTENT_TYPE_PATTERN = '^application/json(\\s*;.*)?$';
const JSON_CONTENT = { 'Content-Type': regex(JSON_CONTENT_TYPE_PATTERN, 'application/json; charset=utf-8') };
const DIGITS = '^[0-9]+$';

/** Spec 5: every answer to a known key carries the window's limit, what remains and when it resets (epoch seconds). */
function rateLimitHeaders(remaining = regex(DIGITS, '249999')): HeaderTemplate {
  return {
    'X-RateLimit-Limit': regex(DIGITS, '250000'),
    'X-RateLimit-Remaining': remaining,
    'X-RateLimit-Reset': regex(DIGITS, '1767225600'),
  };
}

const OPAQUE_ID = '^\\S+$';

function withKnownKey(status: number, body: unknown): ExpectedResponse {
  return { status, headers: { ...JSON_CONTENT, ...rateLimitHeaders() }, body };
}

/** A users/track item the server skipped, by array and index; `type` is matched by shape only. */
export interface ExpectedItemError {
  input_array: UsersTrackArray;
  index: number;
  /** Example text (matched by type only: Braze words it freely). */
  type?: string;
}

/**
 * Expected responses of the Braze endpoints with the right matchers: opaque ids and times by
 * shape, messages the spec fixes word for word.
 */
export const responses = {
  /** `201 {"dispatch_id", "message": "success"}`; a broadcast also carries a `send_id`. */
  triggerSendSucceeded(options: { broadcast?: boolean } = {}): ExpectedResponse {
    const body: Record<string, unknown> = { dispatch_id: regex(OPAQUE_ID, 'd-7f3c9b1a2e'), message: 'success' };
    if (options.broadcast) body.send_id = regex(OPAQUE_ID, 's-41c2a9');
    return withKnownKey(201, body);
  },
  /** `201` of `/users/track`: the counts are exact (they are the contract), item errors listed by array and index. */
  usersTrackSucceeded(counts: { attributes_processed?: number; events_processed?: number; purchases_processed?: number }, errors: readonly ExpectedItemError[] = []): ExpectedResponse {
    const body: Record<string, unknown> = { message: 'success', ...counts };
    if (errors.length > 0) {
      body.errors = errors.map(({ input_array, index, type }) => ({ type: string(type ?? `${input_array}[${index}]: invalid`), input_array, index }));
    }
    return withKnownKey(201, body);
  },
  /** `201 {"message": "success", "send_id"}`: the given `send_id` exactly, or a generated one by shape. */
  sendIdCreated(send_id?: string): ExpectedResponse {
    return withKnownKey(201, { message: 'success', send_id: send_id ?? regex(OPAQUE_ID, 'send-5b7e01') });
  },
  /**
   * `201` of a transactional send (endpoints spec 4): an opaque `dispatch_id`, a `status` matched by
   * shape (Braze calls it opaque), and the campaign and `external_send_id` exactly. No rate-limit
   * headers: transactional email has none.
   */
  transactionalSendAccepted(campaign_api_id: string, external_send_id?: string): ExpectedResponse {
    const metadata: Record<string, unknown> = { campaign_api_id };
    if (external_send_id !== undefined) metadata.external_send_id = external_send_id;
    return { status: 201, headers: { ...JSON_CONTENT }, body: { dispatch_id: regex(OPAQUE_ID, 'd-7f3c9b1a2e'), status: string('sent'), metadata } };
  },
  /** `201 {"dispatch_id", "schedule_id", "message": "success"}` of a schedule create (endpoints spec 5.1), both ids by shape. */
  scheduleCreated(): ExpectedResponse {
    return withKnownKey(201, { dispatch_id: regex(OPAQUE_ID, 'd-7f3c9b1a2e'), schedule_id: regex(OPAQUE_ID, 'sch-5e1a'), message: 'success' });
  },
  /** `201 {"message": "success"}` of a schedule update or delete. */
  scheduleChanged(): ExpectedResponse {
    return withKnownKey(201, { message: 'success' });
  },
  /**
   * `200` of `GET /messages/scheduled_broadcasts`: these entries in this order, `name`, `id`,
   * `type` and `tags` exactly; `schedule_id`, `next_send_time` and `schedule_type` (a zone name or
   * a delivery kind) by shape.
   */
  scheduledBroadcasts(entries: readonly { name: string; id: string; type: 'Campaign' | 'Canvas'; tags?: readonly string[] }[]): ExpectedResponse {
    const body = entries.map(({ name, id, type, tags }) => ({
      name,
      id,
      type,
      tags: [...(tags ?? [])],
      next_send_time: regex('^\\d{4}-\\d{2}-\\d{2}T\\S+$', '2026-01-02T09:00:00.000Z'),
      schedule_type: string('UTC'),
      schedule_id: regex(OPAQUE_ID, 'sch-5e1a'),
    }));
    return withKnownKey(200, { scheduled_broadcasts: body, message: 'success' });
  },
  /** `201` of `/users/export/ids`: these user objects exactly, in this order, and `invalid_user_ids` when given. */
  usersExported(users: readonly Record<string, unknown>[], invalidUserIds?: readonly string[]): ExpectedResponse {
    const body: Record<string, unknown> = { message: 'success', users: [...users] };
    if (invalidUserIds !== undefined && invalidUserIds.length > 0) body.invalid_user_ids = [...invalidUserIds];
    return withKnownKey(201, body);
  },
  /** `201 {"dispatch_id", "message": "success"}` of `/messages/send`, with the given `send_id` exactly. */
  messagesSent(send_id?: string): ExpectedResponse {
    const body: Record<string, unknown> = { dispatch_id: regex(OPAQUE_ID, 'd-7f3c9b1a2e'), message: 'success' };
    if (send_id !== undefined) body.send_id = send_id;
    return withKnownKey(201, body);
  },
  /**
   * `400 {"message", "errors"}` with the spec's `message`; `errors` exactly as given, or (when the
   * spec leaves their wording open) at least one string.
   */
  badRequest(message: string, errors?: readonly string[]): ExpectedResponse {
    return withKnownKey(400, { message, errors: errors === undefined ? eachLike(like(message)) : [...errors] });
  },
  /** `400 {"message": "Max Input Length Exceeded"}`: a `/users/track` body over its 75 objects (spec 8, Rev 2). */
  maxInputLengthExceeded(errors?: readonly string[]): ExpectedResponse {
    return responses.badRequest(MESSAGES.max_input_length_exceeded, errors);
  },
  /**
   * `415 {"message": "Unsupported Media Type"}`: a body not sent as `application/json` (spec 2,
   * Rev 2), refused before the key is looked at, so without rate-limit headers.
   */
  unsupportedMediaType(): ExpectedResponse {
    return { status: 415, headers: { ...JSON_CONTENT }, body: { message: MESSAGES.unsupported_media_type } };
  },
  /** `401 {"message": "Invalid API key"}` (no rate-limit headers: the key is unknown). */
  invalidApiKey(): ExpectedResponse {
    return { status: 401, headers: { ...JSON_CONTENT }, body: { message: MESSAGES.invalid_api_key } };
  },
  /** `403` naming the permission the endpoint needs. */
  accessDenied(permission: Permission): ExpectedResponse {
    return withKnownKey(403, { message: accessDeniedMessage(permission) });
  },
  /** `429 {"message": "Rate limit exceeded"}` with `X-RateLimit-Remaining: 0` and `Retry-After` in whole seconds. */
  rateLimited(): ExpectedResponse {
    return {
      status: 429,
      headers: { ...JSON_CONTENT, ...rateLimitHeaders(regex('^0$', '0')), 'Retry-After': regex(DIGITS, '1') },
      body: { message: MESSAGES.rate_limited },
    };
  },
};

import { RateLimitedError, TriggerKitError } from './triggerkit.errors';

/** What an app answers its own caller when one of its Braze calls failed. */
export interface BrazeFailureResponse {
  /** 502, or 503 when Braze rate-limited the call. */
  status: 502 | 503;
  /** `retry-after` (seconds) on a 503 when Braze said when to come back. */
  headers: Record<string, string>;
  /** `{message, code, braze_status}`: `braze_status` is what Braze answered (0 when there was no answer). Braze's own message is not passed on. */
  body: { message: string; code: string; braze_status: number };
}

const BAD_GATEWAY = 'Bad Gateway: a Braze call failed';
const RATE_LIMITED = 'Service Unavailable: Braze rate limit reached, retry later';

/**
 * Maps a failed Braze call (any `TriggerKitError` a client call rejected with, local validation
 * included) to the answer an app gives its own caller: the failure is upstream, so `502`, or `503`
 * with `Retry-After` when Braze rate-limited. Anything else is not a Braze failure: `undefined`,
 * for the app's usual error handling. The Express error handler and the Nest exception filter
 * are this function in each framework's shape.
 *
 * @example
 * try { await client.campaigns.triggerSend(request); } catch (error) {
 *   const failure = brazeFailureResponse(error);
 *   if (failure) return new Response(JSON.stringify(failure.body), { status: failure.status, headers: failure.headers });
 *   throw error;
 * }
 */
export function brazeFailureResponse(error: unknown, now: () => number = Date.now): BrazeFailureResponse | undefined {
  if (!(error instanceof TriggerKitError)) return undefined;
  const body = { code: error.code, braze_status: error.httpStatus };
  if (!(error instanceof RateLimitedError)) return { status: 502, headers: { 'content-type': 'application/json; charset=utf-8' }, body: { message: BAD_GATEWAY, ...body } };
  const retryAfter = error.retryAfterSeconds ?? (error.resetAt === undefined ? undefined : Math.max(1, Math.ceil((error.resetAt.getTime() - now()) / 1000)));
  return {
    status: 503,
    headers: { 'content-type': 'application/json; charset=utf-8', ...(retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) }) },
    body: { message: RATE_LIMITED, ...body },
  };
}

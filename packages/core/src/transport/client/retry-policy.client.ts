import { AbortError, NetworkError, RateLimitedError, ServerError, TimeoutError, type TriggerKitError } from '../../errors';
import { readRateLimitHeaders, readRetryAfterMs } from './rate-limit-headers.client';

/**
 * Retries that may send a message twice. trigger/send has no idempotency key, so a request the
 * server may already have processed is retried only when the caller accepts that risk (spec 12).
 */
export interface DuplicateRiskOptions {
  /** 5xx statuses to retry beyond the safe 502/503; `riskDuplicates: true` means 500 and 504. */
  statuses?: readonly number[];
  /** Retry after the client's own timeout elapsed (the server may still be processing). */
  timeouts?: boolean;
  /** Retry when the connection failed after the request was written (reset, closed mid-response). */
  connectionLost?: boolean;
}

export interface RetryOptions {
  /** Retries after the first attempt. Default 3; `0` disables retrying. */
  maxRetries?: number;
  /** First backoff ceiling; each retry doubles it (full jitter: the wait is random in [0, ceiling)). Default 250 ms. */
  baseDelayMs?: number;
  /** Largest backoff ceiling. Default 10 s. */
  maxDelayMs?: number;
  /** Longest wait for a rate-limit window (`Retry-After` / `X-RateLimit-Reset`). A longer one fails at once with `RateLimitedError`. Default 60 s. */
  maxRateLimitWaitMs?: number;
  /** Overall budget for one call, attempts and waits included; no retry starts past it. Default 120 s. */
  deadlineMs?: number;
  /** Opt in to retries that may deliver twice (`true`: 500, 504, timeouts and connections lost after sending). Default off. */
  riskDuplicates?: boolean | DuplicateRiskOptions;
}

export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRateLimitWaitMs: number;
  deadlineMs: number;
  duplicateRisk: Required<DuplicateRiskOptions>;
}

/** Statuses where Braze did nothing, so a retry cannot duplicate (spec 12). */
const SAFE_STATUSES: ReadonlySet<number> = new Set([502, 503]);
const ALL_DUPLICATE_RISKS: Required<DuplicateRiskOptions> = { statuses: [500, 504], timeouts: true, connectionLost: true };
const NO_DUPLICATE_RISK: Required<DuplicateRiskOptions> = { statuses: [], timeouts: false, connectionLost: false };

export function resolveRetryPolicy(options: RetryOptions | false | undefined): RetryPolicy {
  const given = options === false ? { maxRetries: 0 } : (options ?? {});
  return {
    maxRetries: nonNegativeInteger('maxRetries', given.maxRetries ?? 3),
    baseDelayMs: nonNegativeInteger('baseDelayMs', given.baseDelayMs ?? 250),
    maxDelayMs: nonNegativeInteger('maxDelayMs', given.maxDelayMs ?? 10_000),
    maxRateLimitWaitMs: nonNegativeInteger('maxRateLimitWaitMs', given.maxRateLimitWaitMs ?? 60_000),
    deadlineMs: nonNegativeInteger('deadlineMs', given.deadlineMs ?? 120_000),
    duplicateRisk: resolveDuplicateRisk(given.riskDuplicates),
  };
}

function resolveDuplicateRisk(option: RetryOptions['riskDuplicates']): Required<DuplicateRiskOptions> {
  if (option === true) return ALL_DUPLICATE_RISKS;
  if (option === undefined || option === false) return NO_DUPLICATE_RISK;
  const statuses = option.statuses ?? [];
  for (const status of statuses) {
    if (!Number.isInteger(status) || status < 500 || status > 599) {
      throw new TypeError(`TriggerKitClient: retry.riskDuplicates.statuses accepts 5xx statuses only, got ${status}`);
    }
  }
  return { statuses, timeouts: option.timeouts ?? false, connectionLost: option.connectionLost ?? false };
}

function nonNegativeInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new TypeError(`TriggerKitClient: retry.${name} must be a non-negative integer, got ${value}`);
  }
  return value;
}

/**
 * The policy for a call that is safe to repeat (endpoints spec 16: a transactional send with an
 * `external_send_id` is deduplicated by the server): 500, 504, timeouts and lost connections are
 * retried too, within the same budget.
 */
export function idempotentRetryPolicy(policy: RetryPolicy): RetryPolicy {
  return { ...policy, duplicateRisk: ALL_DUPLICATE_RISKS };
}

/** May this failure be retried under the policy? Says nothing about budget or timing. */
export function isRetryable(error: TriggerKitError, policy: RetryPolicy): boolean {
  if (error instanceof AbortError) return false;
  if (error instanceof RateLimitedError) return true;
  if (error instanceof NetworkError) return error.beforeSend || policy.duplicateRisk.connectionLost;
  if (error instanceof TimeoutError) return policy.duplicateRisk.timeouts;
  if (error instanceof ServerError) return SAFE_STATUSES.has(error.httpStatus) || policy.duplicateRisk.statuses.includes(error.httpStatus);
  return false;
}

/** Full-jitter exponential backoff: uniformly random in [0, min(max, base * 2^retryIndex)). */
export function backoffDelayMs(retryIndex: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryIndex);
  return Math.floor(random() * ceiling);
}

/** How long a 429 asks to wait: `Retry-After`, else until `X-RateLimit-Reset`, else undefined. */
export function rateLimitWaitMs(error: RateLimitedError, nowMs: number): number | undefined {
  const headers = error.response?.headers ?? {};
  const retryAfter = readRetryAfterMs(headers, nowMs);
  if (retryAfter !== undefined) return retryAfter;
  const { resetAtMs } = readRateLimitHeaders(headers);
  return resetAtMs === undefined ? undefined : Math.max(0, resetAtMs - nowMs);
}

/**
 * The wait before retry number `retryIndex` (0-based), or undefined when this failure must not be
 * retried: not retryable, retries used up, a rate-limit wait over its cap, or past the deadline.
 */
export function retryDelayMs(
  error: TriggerKitError,
  retryIndex: number,
  policy: RetryPolicy,
  clock: { elapsedMs: number; nowMs: number; random: () => number },
): number | undefined {
  if (retryIndex >= policy.maxRetries || !isRetryable(error, policy)) return undefined;
  const serverWait = error instanceof RateLimitedError ? rateLimitWaitMs(error, clock.nowMs) : undefined;
  if (serverWait !== undefined && serverWait > policy.maxRateLimitWaitMs) return undefined;
  const delay = serverWait ?? backoffDelayMs(retryIndex, policy, clock.random);
  return clock.elapsedMs + delay > policy.deadlineMs ? undefined : delay;
}

/** What a response says about its rate-limit window (spec 5). Times are local epoch milliseconds. */
export interface RateLimitSnapshot {
  limit: number | undefined;
  remaining: number | undefined;
  /**
   * When the window ends, read against the local clock. (Correcting by the response's `Date` was
   * left out on purpose: proxies and test servers with their own clocks make it wrong more often
   * than NTP-synced clocks disagree, and a 429's `Retry-After` covers what skew remains.)
   */
  resetAtMs: number | undefined;
}

function nonNegativeNumber(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

export function readRateLimitHeaders(headers: Record<string, string>): RateLimitSnapshot {
  const resetEpochSeconds = nonNegativeNumber(headers['x-ratelimit-reset']);
  return {
    limit: nonNegativeNumber(headers['x-ratelimit-limit']),
    remaining: nonNegativeNumber(headers['x-ratelimit-remaining']),
    resetAtMs: resetEpochSeconds === undefined ? undefined : resetEpochSeconds * 1000,
  };
}

/**
 * `Retry-After` in milliseconds: whole seconds (what spec 5 sends) or an HTTP date (RFC 9110
 * allows both). Undefined when absent or unreadable.
 */
export function readRetryAfterMs(headers: Record<string, string>, nowMs: number): number | undefined {
  const value = headers['retry-after'];
  if (value === undefined) return undefined;
  const seconds = nonNegativeNumber(value);
  if (seconds !== undefined) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : undefined;
}

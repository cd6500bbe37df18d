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

/** The latest instant a `Date` can hold; a header pointing past it is unreadable, not "forever". */
const MAX_DATE_MS = 8.64e15;

/** Plain decimal digits: `Number()` would also take hex, exponents and `Infinity`. */
const DECIMAL = /^\d+(?:\.\d+)?$/;

/** RFC 9110 HTTP-date forms all start with a day name (`Sun, 06 Nov 1994 ...`, `Sunday, 06-Nov-94 ...`, `Sun Nov  6 ...`). */
const HTTP_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /;

function nonNegativeNumber(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  return DECIMAL.test(text) ? Number(text) : undefined;
}

/** An epoch-millisecond instant a `Date` can represent, else undefined. */
function instant(ms: number): number | undefined {
  return ms <= MAX_DATE_MS ? ms : undefined;
}

export function readRateLimitHeaders(headers: Record<string, string>): RateLimitSnapshot {
  const resetEpochSeconds = nonNegativeNumber(headers['x-ratelimit-reset']);
  return {
    limit: nonNegativeNumber(headers['x-ratelimit-limit']),
    remaining: nonNegativeNumber(headers['x-ratelimit-remaining']),
    resetAtMs: resetEpochSeconds === undefined ? undefined : instant(resetEpochSeconds * 1000),
  };
}

/**
 * `Retry-After` in milliseconds: whole seconds (what spec 5 sends) or an HTTP date (RFC 9110
 * allows both). Undefined when absent or unreadable, including a wait that ends past what a
 * `Date` can hold (so it never becomes Infinity or an invalid reset time).
 */
export function readRetryAfterMs(headers: Record<string, string>, nowMs: number): number | undefined {
  const value = headers['retry-after'];
  if (value === undefined) return undefined;
  const seconds = nonNegativeNumber(value);
  if (seconds !== undefined) return instant(nowMs + seconds * 1000) === undefined ? undefined : seconds * 1000;
  const text = value.trim();
  if (!HTTP_DATE.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : undefined;
}

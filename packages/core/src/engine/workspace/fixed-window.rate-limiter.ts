/** A limit of `limit` units per fixed window of `windowSeconds` (spec 5). */
export interface RateRule {
  limit: number;
  windowSeconds: number;
}

/** The outcome of one `consume`, with everything the rate-limit headers need. */
export interface RateDecision {
  allowed: boolean;
  limit: number;
  /** Units left in the window after this request (a denied request is not counted). */
  remaining: number;
  /** UNIX epoch seconds when the current window ends. */
  resetEpochSeconds: number;
  /** Whole seconds until the window ends, at least 1, when denied; 0 when allowed. */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  /** Counts `cost` units (default 1) against `key` if they fit in the current window. */
  consume(key: string, rule: RateRule, nowMs: number, cost?: number): RateDecision;
  /** The state of `key`'s current window without counting anything (for answers that must show the headers but not count, such as a 403). */
  peek(key: string, rule: RateRule, nowMs: number): RateDecision;
  /** Forgets the counters of every key starting with `prefix` (all of them without one). */
  reset(prefix?: string): void;
  /** How many keys hold a live counter (expired windows are dropped, so memory stays bounded). */
  size(): number;
}

interface WindowCount {
  endMs: number;
  windowMs: number;
  used: number;
}

/**
 * Fixed windows aligned to multiples of their length since the UNIX epoch, so every key with the
 * same rule rolls over at the same instant and expired counters can be dropped in one sweep.
 *
 * @example
 * const limiter = createRateLimiter();
 * const decision = limiter.consume('acme:trigger', { limit: 250, windowSeconds: 60 }, Date.now());
 * if (!decision.allowed) return { status: 429, headers: rateLimitHeaders(decision) };
 */
export function createRateLimiter(): RateLimiter {
  const windows = new Map<string, WindowCount>();
  let nextSweepMs = Number.POSITIVE_INFINITY;

  const sweep = (nowMs: number): void => {
    if (nowMs < nextSweepMs) return;
    nextSweepMs = Number.POSITIVE_INFINITY;
    for (const [key, window] of windows) {
      if (window.endMs <= nowMs) windows.delete(key);
      else nextSweepMs = Math.min(nextSweepMs, window.endMs);
    }
  };

  // A fresh window is only kept once something is counted in it: requests that are never counted
  // (403s, refused 429s, peeks) cannot grow the map, however many keys they name.
  const currentWindow = (key: string, windowMs: number, nowMs: number): WindowCount => {
    const existing = windows.get(key);
    if (existing && existing.windowMs === windowMs && existing.endMs > nowMs && existing.endMs - windowMs <= nowMs) return existing;
    const endMs = (Math.floor(nowMs / windowMs) + 1) * windowMs;
    return { endMs, windowMs, used: 0 };
  };

  const keep = (key: string, window: WindowCount): void => {
    if (windows.get(key) === window) return;
    windows.set(key, window);
    nextSweepMs = Math.min(nextSweepMs, window.endMs);
  };

  return {
    consume(key, rule, nowMs, cost = 1) {
      checkArguments(rule, nowMs, cost);
      sweep(nowMs);
      const window = currentWindow(key, rule.windowSeconds * 1000, nowMs);
      const allowed = window.used + cost <= rule.limit;
      if (allowed) {
        window.used += cost;
        keep(key, window);
      }
      return decision(allowed, rule, window, nowMs);
    },
    peek(key, rule, nowMs) {
      checkArguments(rule, nowMs, 1);
      sweep(nowMs);
      const window = currentWindow(key, rule.windowSeconds * 1000, nowMs);
      return decision(true, rule, window, nowMs);
    },
    reset(prefix = '') {
      for (const key of [...windows.keys()]) if (key.startsWith(prefix)) windows.delete(key);
    },
    size: () => windows.size,
  };
}

function decision(allowed: boolean, rule: RateRule, window: WindowCount, nowMs: number): RateDecision {
  return {
    allowed,
    limit: rule.limit,
    remaining: Math.max(0, rule.limit - window.used),
    resetEpochSeconds: window.endMs / 1000,
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((window.endMs - nowMs) / 1000)),
  };
}

function checkArguments(rule: RateRule, nowMs: number, cost: number): void {
  if (!Number.isSafeInteger(rule.limit) || rule.limit < 0) throw new RangeError(`limit must be a non-negative integer, got ${String(rule.limit)}`);
  if (!Number.isSafeInteger(rule.windowSeconds) || rule.windowSeconds < 1) {
    throw new RangeError(`windowSeconds must be a positive integer, got ${String(rule.windowSeconds)}`);
  }
  if (!Number.isFinite(nowMs) || nowMs < 0) throw new RangeError(`nowMs must be a non-negative epoch time, got ${String(nowMs)}`);
  if (!Number.isSafeInteger(cost) || cost < 1) throw new RangeError(`cost must be a positive integer, got ${String(cost)}`);
}

/**
 * One decision for a request limited by two windows at once (spec 5, Rev 2: the 250 broadcasts
 * per minute and the per-audience limit): allowed only if both allow; the headers describe the
 * window with fewer requests remaining (on a tie, `narrow`, the per-audience one); a denial asks
 * to retry once every denying window has reset.
 */
export function combineDecisions(wide: RateDecision, narrow: RateDecision): RateDecision {
  const shown = narrow.remaining <= wide.remaining ? narrow : wide;
  const allowed = wide.allowed && narrow.allowed;
  const retryAfterSeconds = allowed ? 0 : Math.max(wide.allowed ? 0 : wide.retryAfterSeconds, narrow.allowed ? 0 : narrow.retryAfterSeconds);
  return { ...shown, allowed, retryAfterSeconds };
}

/** `X-RateLimit-Limit`, `-Remaining`, `-Reset` (spec 5), plus `Retry-After` on a denial; names in lower case. */
export function rateLimitHeaders(decision: RateDecision): Record<string, string> {
  const headers: Record<string, string> = {
    'x-ratelimit-limit': String(decision.limit),
    'x-ratelimit-remaining': String(decision.remaining),
    'x-ratelimit-reset': String(decision.resetEpochSeconds),
  };
  if (!decision.allowed) headers['retry-after'] = String(decision.retryAfterSeconds);
  return headers;
}

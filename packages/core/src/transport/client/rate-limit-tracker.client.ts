import { RATE_LIMIT_CLASSES, type RateLimitClass } from '../../schema/mock-config.schema';
import { type RateLimitSnapshot } from './rate-limit-headers.client';

export type { RateLimitClass };

/**
 * What the client keeps one window for: a class, or (spec 5, Rev 2) one unique audience of the
 * broadcast class, whose answers describe the narrower of the class's window and the audience's.
 */
export type RateLimitKey = RateLimitClass | `broadcast:${string}`;

/** Past this many windows, expired ones are dropped when a new one is learned (many audiences). */
const SWEEP_AT = 64;

export interface RateLimitWindow {
  limit: number | undefined;
  /** Requests left in this window as far as this client knows (the server's count minus requests in flight). */
  remaining: number;
  resetAt: Date;
}

interface TrackedWindow {
  limit: number | undefined;
  remaining: number;
  resetAtMs: number;
}

/** Resets closer than this are the same window (`X-RateLimit-Reset` has one-second resolution). */
const SAME_WINDOW_TOLERANCE_MS = 1_000;

/**
 * Remembers each class's window from `X-RateLimit-*` headers so the client waits for the reset
 * instead of sending into a certain 429. Requests in flight are reserved from `remaining`, so
 * concurrent chunks do not all spend the last slot.
 */
export class RateLimitTracker {
  readonly #windows = new Map<RateLimitKey, TrackedWindow>();

  /**
   * Takes one request from the class's budget: returns 0 when it may be sent now, else the
   * milliseconds until the window resets (nothing is taken; ask again after waiting).
   */
  reserve(rateClass: RateLimitKey, nowMs: number): number {
    const window = this.#windows.get(rateClass);
    if (window === undefined) return 0;
    if (nowMs >= window.resetAtMs) {
      this.#windows.delete(rateClass);
      return 0;
    }
    if (window.remaining > 0) {
      window.remaining -= 1;
      return 0;
    }
    return window.resetAtMs - nowMs;
  }

  /** Learns from a response's headers. Out-of-order responses from an older window are ignored. */
  record(rateClass: RateLimitKey, snapshot: RateLimitSnapshot, nowMs: number = Date.now()): void {
    const { remaining, resetAtMs, limit } = snapshot;
    if (remaining === undefined || resetAtMs === undefined) return;
    const known = this.#windows.get(rateClass);
    if (known === undefined || resetAtMs > known.resetAtMs + SAME_WINDOW_TOLERANCE_MS) {
      if (known === undefined && this.#windows.size >= SWEEP_AT) this.#sweep(nowMs);
      this.#windows.set(rateClass, { limit, remaining, resetAtMs });
      return;
    }
    if (resetAtMs < known.resetAtMs - SAME_WINDOW_TOLERANCE_MS) return;
    known.remaining = Math.min(known.remaining, remaining);
    known.limit = limit ?? known.limit;
  }

  /**
   * Blocks the class until `untilMs`, replacing what the headers said: a 429's `Retry-After` is
   * the server's own instruction and wins over an `X-RateLimit-Reset` further away.
   */
  blockUntil(rateClass: RateLimitKey, untilMs: number): void {
    const limit = this.#windows.get(rateClass)?.limit;
    this.#windows.set(rateClass, { limit, remaining: 0, resetAtMs: untilMs });
  }

  #sweep(nowMs: number): void {
    for (const [key, window] of this.#windows) if (nowMs >= window.resetAtMs) this.#windows.delete(key);
  }

  /** The class windows known right now, for observability (per-audience broadcast windows are not listed). */
  snapshot(nowMs: number): Partial<Record<RateLimitClass, RateLimitWindow>> {
    const result: Partial<Record<RateLimitClass, RateLimitWindow>> = {};
    for (const [rateClass, window] of this.#windows) {
      if (isRateLimitClass(rateClass) && nowMs < window.resetAtMs) {
        result[rateClass] = { limit: window.limit, remaining: window.remaining, resetAt: new Date(window.resetAtMs) };
      }
    }
    return result;
  }
}

function isRateLimitClass(key: RateLimitKey): key is RateLimitClass {
  return (RATE_LIMIT_CLASSES as readonly string[]).includes(key);
}

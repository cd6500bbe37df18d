import { AbortError, type ErrorResponseInfo, MESSAGES, PayloadTooLargeError, RateLimitedError, TriggerKitError, ValidationError } from '../../errors';
import { MAX_BODY_BYTES } from '../../rules';
import { type ClientHooks, type ClientRequestEvent, type ClientResponseEvent } from './client-hooks.types';
import { errorFromResponse } from './error-mapping.client';
import { fetchOnce } from './fetch-attempt.client';
import { type Transport } from './http-transport.client';
import { readRateLimitHeaders, readRetryAfterMs } from './rate-limit-headers.client';
import { type RateLimitKey, type RateLimitTracker } from './rate-limit-tracker.client';
import { toResponseInfo } from './response-info.client';
import { idempotentRetryPolicy, type RetryPolicy, retryDelayMs } from './retry-policy.client';
import { type Sleep } from './sleep.client';

const MAX_RATE_LIMIT_WAITS = 3;

export interface ExecutorConfig {
  apiKey: string;
  baseUrl: string;
  timeoutMs: number;
  legacyBodyAuth: boolean;
  transport: Transport;
  retry: RetryPolicy;
  hooks: ClientHooks;
  tracker: RateLimitTracker;
  sleep: Sleep;
  random: () => number;
  now: () => number;
}

/** One endpoint call: what to send and how the server will count and authorize it. */
export interface EndpointCall {
  /** Default `POST`. A `GET` sends no body: its input is already in `path`'s query, and its key always in the header. */
  method?: 'POST' | 'GET';
  path: string;
  body: object;
  /** The rate-limit window the call counts against, as the client tracks it; none for an endpoint without limits (transactional email). */
  rateKey: RateLimitKey | undefined;
  permission: string;
  /** A repeat is a no-op on the server (endpoints spec 16), so every transient failure may be retried. */
  idempotent?: boolean;
}

/** Runs an endpoint call to a 2xx response: rate-limit waits, attempts, retries per policy, typed errors. */
export class RequestExecutor {
  constructor(private readonly config: ExecutorConfig) {}

  async execute(call: EndpointCall, signal: AbortSignal | undefined): Promise<ErrorResponseInfo> {
    const payload = call.method === 'GET' ? undefined : serialize(this.withBodyAuth(call.body));
    const startedAt = this.config.now();
    const policy = call.idempotent === true ? idempotentRetryPolicy(this.config.retry) : this.config.retry;
    for (let retryIndex = 0; ; retryIndex++) {
      throwIfAborted(signal);
      if (call.rateKey !== undefined) await this.waitForRateLimit(call.rateKey, startedAt, signal);
      try {
        return await this.attempt(call, payload, retryIndex + 1, signal);
      } catch (error) {
        if (!(error instanceof TriggerKitError)) throw error;
        const nowMs = this.config.now();
        const clock = { elapsedMs: nowMs - startedAt, nowMs, random: this.config.random };
        const delay = retryDelayMs(error, retryIndex, policy, clock);
        if (delay === undefined) throw error;
        await this.config.sleep(delay, signal);
      }
    }
  }

  private async attempt(call: EndpointCall, payload: string | undefined, attempt: number, signal: AbortSignal | undefined): Promise<ErrorResponseInfo> {
    const url = this.config.baseUrl + call.path;
    const headers = this.requestHeaders(call.method ?? 'POST');
    const { onRequest, onResponse } = this.config.hooks;
    const request = onRequest === undefined && onResponse === undefined ? undefined : requestEvent(url, call, attempt, headers);
    if (request !== undefined) await onRequest?.(request);
    const sentAt = this.config.now();
    const init = payload === undefined ? ({ method: 'GET', headers } as const) : ({ method: 'POST', headers, body: payload } as const);
    const raw = await fetchOnce(this.config.transport, url, init, { timeoutMs: this.config.timeoutMs, signal });
    const response = toResponseInfo(raw.status, raw.headers, raw.text);
    const nowMs = this.config.now();
    if (call.rateKey !== undefined) this.learnRateLimit(call.rateKey, response, nowMs);
    if (request !== undefined && onResponse !== undefined) await observeResponse(onResponse, { request, ...response, durationMs: nowMs - sentAt });
    if (response.status >= 200 && response.status < 300) return response;
    throw errorFromResponse(response, { permission: call.permission, nowMs });
  }

  private learnRateLimit(rateClass: RateLimitKey, response: ErrorResponseInfo, nowMs: number): void {
    const retryAfterMs = response.status === 429 ? readRetryAfterMs(response.headers, nowMs) : undefined;
    if (retryAfterMs === undefined) this.config.tracker.record(rateClass, readRateLimitHeaders(response.headers), nowMs);
    else this.config.tracker.blockUntil(rateClass, nowMs + retryAfterMs);
  }

  /**
   * Waits for the class's window to reset when the known budget is spent, within the caps. After
   * a few waits it sends anyway: the server's answer (a 429 at worst) is the authority, and a
   * clock that does not move (an injected one) cannot spin this loop.
   */
  private async waitForRateLimit(rateClass: RateLimitKey, startedAt: number, signal: AbortSignal | undefined): Promise<void> {
    for (let waits = 0; waits < MAX_RATE_LIMIT_WAITS; waits++) {
      const nowMs = this.config.now();
      const wait = this.config.tracker.reserve(rateClass, nowMs);
      if (wait === 0) return;
      const { maxRateLimitWaitMs, deadlineMs } = this.config.retry;
      if (wait > maxRateLimitWaitMs || nowMs - startedAt + wait > deadlineMs) {
        throw new RateLimitedError(new Date(nowMs + wait), Math.ceil(wait / 1000));
      }
      await this.config.sleep(wait, signal);
    }
  }

  private requestHeaders(method: 'POST' | 'GET'): Record<string, string> {
    const headers: Record<string, string> = method === 'GET' ? { accept: 'application/json' } : { 'content-type': 'application/json', accept: 'application/json' };
    // A GET has no body to carry a legacy `api_key`: Braze's GET endpoints take only the header.
    if (!this.config.legacyBodyAuth || method === 'GET') headers.authorization = `Bearer ${this.config.apiKey}`;
    return headers;
  }

  private withBodyAuth(body: object): object {
    return this.config.legacyBodyAuth ? { ...body, api_key: this.config.apiKey } : body;
  }
}

/** What `onRequest` / `onResponse` see: the key redacted from the headers, and no `api_key` in the body. */
function requestEvent(url: string, call: EndpointCall, attempt: number, headers: Record<string, string>): ClientRequestEvent {
  return { method: call.method ?? 'POST', url, path: call.path, attempt, headers: redactHeaders(headers), body: withoutApiKey(call.body) };
}

function withoutApiKey(body: object): object {
  if (!Object.hasOwn(body, 'api_key')) return body;
  const { api_key: _key, ...rest } = body as Record<string, unknown>;
  return rest;
}

/**
 * The response has happened whatever the hook does: a throwing `onResponse` must not turn a
 * delivered send into a failure (a caller resending it would deliver twice) nor hide a retryable
 * status, so its error is reported as a process warning instead.
 */
async function observeResponse(onResponse: NonNullable<ClientHooks['onResponse']>, event: ClientResponseEvent): Promise<void> {
  try {
    await onResponse(event);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    globalThis.process?.emitWarning?.(`TriggerKitClient: onResponse hook threw: ${reason}`, { code: 'TRIGGERKIT_HOOK_ERROR', detail: error instanceof Error ? error.stack : undefined });
  }
}

function redactHeaders(headers: Record<string, string>): Record<string, string> {
  return headers.authorization === undefined ? { ...headers } : { ...headers, authorization: 'Bearer [redacted]' };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError({ cause: signal.reason });
}

function serialize(body: object): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(body);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ValidationError('invalid_body', MESSAGES.invalid_body, [`body: not serializable as JSON (${reason})`], { cause: error });
  }
  // `undefined` (possible with `validate: false` from JavaScript) serializes to nothing at all.
  if (text === undefined) throw new ValidationError('invalid_body', MESSAGES.invalid_body, ['body: not serializable as JSON']);
  // Spec 3.2 rule 2: a body the server would refuse with 413 is refused here, not uploaded.
  if (utf8ByteLengthOver(text, MAX_BODY_BYTES)) throw new PayloadTooLargeError();
  return text;
}

/** A UTF-8 character takes at most 3 bytes per UTF-16 unit, so most bodies need no encoding to be measured. */
function utf8ByteLengthOver(text: string, limit: number): boolean {
  return text.length * 3 > limit && new TextEncoder().encode(text).byteLength > limit;
}

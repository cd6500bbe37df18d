import { AbortError, NetworkError, TimeoutError, type TriggerKitError } from '../../errors';
import { type Transport, type TransportRequest } from './http-transport.client';

export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

export interface RawResponse {
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
  text: string;
}

/**
 * Error codes that mean no connection was made, so the request was never written and retrying
 * cannot deliver twice. Anything else (a reset, a closed socket) may have come after the server
 * read the request.
 */
const NOT_CONNECTED_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * One attempt's abort signal: the caller's signal or `timeoutMs`, whichever comes first. A timer
 * cleared when the attempt ends, rather than `AbortSignal.timeout` + `AbortSignal.any`, which
 * leave a timer and a dependent signal behind for every request.
 */
class AttemptSignal {
  readonly #controller = new AbortController();
  readonly #timer: ReturnType<typeof setTimeout>;
  readonly #onCallerAbort = (): void => this.#controller.abort(this.callerSignal?.reason);
  timedOut = false;

  constructor(
    readonly timeoutMs: number,
    readonly callerSignal: AbortSignal | undefined,
  ) {
    this.#timer = setTimeout(() => {
      this.timedOut = true;
      this.#controller.abort(new DOMException('The operation timed out.', 'TimeoutError'));
    }, timeoutMs);
    if (callerSignal?.aborted) this.#onCallerAbort();
    else callerSignal?.addEventListener('abort', this.#onCallerAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Settles with `promise`, or rejects when the attempt aborts, even if a custom `fetch` ignores the signal. */
  race<T>(promise: Promise<T>): Promise<T> {
    const signal = this.#controller.signal;
    if (signal.aborted) {
      promise.catch(() => undefined);
      return Promise.reject(signal.reason as Error);
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason as Error);
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error as Error);
        },
      );
    });
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.callerSignal?.removeEventListener('abort', this.#onCallerAbort);
  }
}

/**
 * One HTTP exchange, body included, within `timeoutMs` and the caller's `signal`. Failures become
 * `AbortError` (the caller's signal), `TimeoutError` or `NetworkError` (with `beforeSend`).
 */
export async function fetchOnce(
  transport: Transport,
  url: string,
  init: Omit<TransportRequest, 'signal'>,
  limits: { timeoutMs: number; signal: AbortSignal | undefined },
): Promise<RawResponse> {
  const attempt = new AttemptSignal(limits.timeoutMs, limits.signal);
  try {
    let response: Awaited<ReturnType<Transport>>;
    try {
      response = await attempt.race(transport(url, { ...init, signal: attempt.signal }));
    } catch (error) {
      throw classifyFailure(error, attempt, false);
    }
    try {
      return { status: response.status, headers: response.headers, text: await attempt.race(response.text()) };
    } catch (error) {
      throw classifyFailure(error, attempt, true);
    }
  } finally {
    attempt.dispose();
  }
}

function classifyFailure(error: unknown, attempt: AttemptSignal, responseStarted: boolean): TriggerKitError {
  if (attempt.callerSignal?.aborted) return new AbortError({ cause: attempt.callerSignal.reason ?? error });
  if (attempt.timedOut) return new TimeoutError(attempt.timeoutMs, { cause: error });
  const codes = errorCodes(error);
  const beforeSend = !responseStarted && codes.length > 0 && codes.every((code) => NOT_CONNECTED_CODES.has(code));
  return new NetworkError(`Network error: ${innermostMessage(error)}`, beforeSend, { cause: error });
}

/** Every `code` along the `cause` chain and inside `AggregateError`s (one per address tried). */
function errorCodes(error: unknown, depth = 0): string[] {
  if (typeof error !== 'object' || error === null || depth > 8) return [];
  const record = error as { code?: unknown; cause?: unknown; errors?: unknown };
  const own = typeof record.code === 'string' ? [record.code] : [];
  const nested = Array.isArray(record.errors) ? record.errors.flatMap((e: unknown) => errorCodes(e, depth + 1)) : [];
  return [...own, ...nested, ...errorCodes(record.cause, depth + 1)];
}

function innermostMessage(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 8; depth++) {
    const cause = (current as { cause?: unknown } | null)?.cause;
    if (!(cause instanceof Error)) break;
    current = cause;
  }
  if (current instanceof AggregateError && current.message === '' && current.errors[0] instanceof Error) return current.errors[0].message;
  return current instanceof Error && current.message !== '' ? current.message : String(current);
}

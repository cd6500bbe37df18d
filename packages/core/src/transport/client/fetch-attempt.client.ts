import { AbortError, NetworkError, TimeoutError, type TriggerKitError } from '../../errors';

export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

export interface RawResponse {
  status: number;
  headers: Headers;
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
 * One HTTP exchange, body included, within `timeoutMs` and the caller's `signal`. Failures become
 * `AbortError` (the caller's signal), `TimeoutError` or `NetworkError` (with `beforeSend`).
 */
export async function fetchOnce(
  fetchFn: FetchFunction,
  url: string,
  init: Omit<RequestInit, 'signal'>,
  limits: { timeoutMs: number; signal: AbortSignal | undefined },
): Promise<RawResponse> {
  const timeout = AbortSignal.timeout(limits.timeoutMs);
  const signal = limits.signal === undefined ? timeout : AbortSignal.any([limits.signal, timeout]);
  let response: Response;
  try {
    response = await fetchFn(url, { ...init, signal });
  } catch (error) {
    throw classifyFailure(error, { callerSignal: limits.signal, timeout, timeoutMs: limits.timeoutMs, responseStarted: false });
  }
  try {
    return { status: response.status, headers: response.headers, text: await response.text() };
  } catch (error) {
    throw classifyFailure(error, { callerSignal: limits.signal, timeout, timeoutMs: limits.timeoutMs, responseStarted: true });
  }
}

interface FailureContext {
  callerSignal: AbortSignal | undefined;
  timeout: AbortSignal;
  timeoutMs: number;
  responseStarted: boolean;
}

function classifyFailure(error: unknown, context: FailureContext): TriggerKitError {
  if (context.callerSignal?.aborted) return new AbortError({ cause: context.callerSignal.reason ?? error });
  if (context.timeout.aborted) return new TimeoutError(context.timeoutMs, { cause: error });
  const codes = errorCodes(error);
  const beforeSend = !context.responseStarted && codes.length > 0 && codes.every((code) => NOT_CONNECTED_CODES.has(code));
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

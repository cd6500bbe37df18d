/** What `onRequest` sees: the request about to be sent, with the API key redacted. */
export interface ClientRequestEvent {
  method: 'POST' | 'GET';
  url: string;
  /** The endpoint path, e.g. `/campaigns/trigger/send`. */
  path: string;
  /** 1 for the first try, 2 for the first retry, and so on. */
  attempt: number;
  /** Request headers (lower-case names); `authorization` is shown as `Bearer [redacted]`. */
  headers: Record<string, string>;
  /** The JSON body sent, without `api_key` (neither the legacy auth's nor one the caller left in). */
  body: unknown;
}

/** What `onResponse` sees: every HTTP response, retried ones included. */
export interface ClientResponseEvent {
  request: ClientRequestEvent;
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON, or the raw text when the body was not JSON. */
  body: unknown;
  durationMs: number;
}

/**
 * Observability hooks, awaited in order. An error thrown by `onRequest` stops the call before
 * that attempt is sent and propagates to the caller. An error thrown by `onResponse` does not
 * change the call's outcome (the server has already answered; failing a delivered send would
 * invite a duplicate): it is reported as a process warning with code `TRIGGERKIT_HOOK_ERROR`.
 */
export interface ClientHooks {
  onRequest?: (event: ClientRequestEvent) => void | Promise<void>;
  onResponse?: (event: ClientResponseEvent) => void | Promise<void>;
}

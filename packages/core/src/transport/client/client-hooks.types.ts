/** What `onRequest` sees: the request about to be sent, with the API key redacted. */
export interface ClientRequestEvent {
  method: 'POST';
  url: string;
  /** The endpoint path, e.g. `/campaigns/trigger/send`. */
  path: string;
  /** 1 for the first try, 2 for the first retry, and so on. */
  attempt: number;
  /** Request headers (lower-case names); `authorization` is shown as `Bearer [redacted]`. */
  headers: Record<string, string>;
  /** The JSON body sent, without `api_key`. */
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
 * Observability hooks, awaited in order. An error thrown by a hook propagates to the caller
 * (from `onResponse`, after the server may already have processed the request).
 */
export interface ClientHooks {
  onRequest?: (event: ClientRequestEvent) => void | Promise<void>;
  onResponse?: (event: ClientResponseEvent) => void | Promise<void>;
}

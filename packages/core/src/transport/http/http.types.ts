/** A request as any host framework can describe it. Header names are lower-case. */
export interface HttpRequest {
  method: string;
  /** Path without the query string, relative to wherever the host mounted triggerkit (e.g. `/campaigns/trigger/send`). */
  path: string;
  /** Parsed query string (`?a=1&a=2` → `{a: ['1', '2']}`). */
  query?: Record<string, string | string[] | undefined>;
  headers: Record<string, string | string[] | undefined>;
  /**
   * The raw body bytes or text. Hosts should read it with `readRequestBody` so the 4 MB limit is
   * enforced without buffering more. When the host framework already parsed the JSON (and so
   * consumed the stream), pass `parsedBody` instead.
   */
  rawBody?: Uint8Array | string;
  parsedBody?: unknown;
  /** Set when the host stopped reading because the body exceeded the limit: the handler answers 413. */
  bodyTooLarge?: boolean;
  /**
   * Set when the client went away before its body arrived: nothing is processed, and the answer
   * (a 400 with `dropConnection`) only tells the host to close what is left of the connection.
   */
  clientAborted?: boolean;
}

export interface HttpResponse {
  status: number;
  /** Lower-case header names. `content-type` is always set. */
  headers: Record<string, string>;
  /** Response body text (JSON for every API route; HTML/JS/CSS for the inbox page). */
  body: string;
  /**
   * Fault injection (`PUT /_mock/faults` with `drop_connection`): the host must destroy the
   * connection without writing anything, so clients see a network failure.
   */
  dropConnection?: boolean;
}

/** The framework-neutral handler every adapter delegates to. It never throws: every failure becomes a response. */
export type HttpHandler = (request: HttpRequest) => Promise<HttpResponse>;

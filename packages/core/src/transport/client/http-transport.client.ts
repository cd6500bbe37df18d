import { type FetchFunction } from './fetch-attempt.client';
import { loadUndiciTransport } from './undici-transport.client';

/** What the client sends: a POST of a JSON text, or a GET (its input in the URL's query, no body). */
export interface TransportRequest {
  method: 'POST' | 'GET';
  headers: Record<string, string>;
  body?: string | undefined;
  signal: AbortSignal;
}

/** A response whose head has arrived; `text()` reads the body (a failure there came after the server answered). */
export interface TransportResponse {
  status: number;
  /** Lower-cased names; repeated headers joined with ", " as `Headers` does. */
  headers: Record<string, string>;
  text(): Promise<string>;
}

/** One HTTP exchange. Rejects, as `fetch` does, when no response head arrives. */
export type Transport = (url: string, request: TransportRequest) => Promise<TransportResponse>;

/** Any `fetch`: the platform's, or one the caller passes (a proxy, a test double, a runtime's own). */
export function fetchTransport(fetchFn: FetchFunction): Transport {
  return async (url, request) => {
    const response = await fetchFn(url, { ...request, redirect: 'manual' });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    return { status: response.status, headers, text: () => response.text() };
  };
}

/**
 * The client's default: on Node, undici's pooled `request` (keep-alive connections, about twice
 * the throughput of Node's `fetch` for these requests); wherever Node is not, or undici cannot be
 * loaded (a bundle shipped without node_modules), the platform `fetch`. Chosen once, at the
 * first request, so constructing a client stays synchronous.
 */
export function defaultTransport(): Transport {
  let chosen: Promise<Transport> | undefined;
  const platformFetch = fetchTransport((input, init) => globalThis.fetch(input, init));
  return async (url, request) => {
    chosen ??= loadUndiciTransport().then((undici) => undici ?? platformFetch);
    return (await chosen)(url, request);
  };
}

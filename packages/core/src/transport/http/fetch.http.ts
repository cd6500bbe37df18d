import type { HttpHandler, HttpRequest, HttpResponse } from './http.types';
import { isUnsupportedMediaType } from './media-type.http';
import { parseQueryString } from './query-string.http';
import { DEFAULT_BODY_LIMIT_BYTES, readRequestBody } from './read-request-body.http';

/** A web-standard request handler: what Hono, Bun, Deno, Cloudflare Workers and Next.js route handlers serve. */
export type FetchHandler = (request: Request) => Promise<Response>;

export interface FetchHandlerOptions {
  /**
   * The path triggerkit is mounted under, removed before routing (e.g. `/braze` for a Hono
   * `app.all('/braze/*', ...)`). Default: none, the handler owns every path.
   */
  basePath?: string;
  /** Largest body read, in bytes. Default 4 MB; past it the handler answers 413 without reading further. */
  bodyLimit?: number;
}

/**
 * Serves a `HttpHandler` as a web-standard `(request: Request) => Promise<Response>`, for every
 * runtime that speaks the fetch standard. The body is read as bytes, stopping at the limit; a fault
 * that drops the connection becomes a response whose body fails, which the runtime turns into an
 * aborted connection (the closest the fetch standard comes to destroying a socket).
 *
 * @example
 * const triggerKit = createTriggerKitHandler({ config });
 * const serve = toFetchHandler(triggerKit.handle, { basePath: '/braze' });
 * app.all('/braze/*', (c) => serve(c.req.raw)); // Hono; or `export default { fetch: serve }` in a Worker
 */
export function toFetchHandler(handler: HttpHandler, options: FetchHandlerOptions = {}): FetchHandler {
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT_BYTES;
  return async (request) => toFetchResponse(await handler(await fromFetchRequest(request, basePath, limit)));
}

async function fromFetchRequest(request: Request, basePath: string, limit: number): Promise<HttpRequest> {
  const url = new URL(request.url);
  const base: HttpRequest = { method: request.method, path: relativePath(url.pathname, basePath), query: parseQueryString(url.search), headers: headersOf(request.headers) };
  if (request.body === null) return base;
  // Spec 2, Rev 2: a request the handler answers 415 by its headers alone is not read, as on node:http.
  if (isUnsupportedMediaType(base)) {
    await request.body.cancel().catch(() => undefined);
    return base;
  }
  const read = await readRequestBody(chunksOf(request.body), { limit });
  return read.ok ? { ...base, rawBody: read.body } : { ...base, bodyTooLarge: true };
}

/** `/braze/users/track` under `/braze` is `/users/track`; a path outside the base stays as it is (the core answers 404). */
function relativePath(pathname: string, basePath: string): string {
  if (basePath === '' || (pathname !== basePath && !pathname.startsWith(`${basePath}/`))) return pathname;
  return pathname.slice(basePath.length) || '/';
}

function headersOf(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name] = value;
  });
  return record;
}

/** A stream reader as an async iterable: not every runtime makes `ReadableStream` iterable yet. Cancels the stream when the reading stops early. */
async function* chunksOf(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  let done = false;
  try {
    while (true) {
      const chunk = await reader.read();
      if (chunk.done) {
        done = true;
        return;
      }
      yield chunk.value;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

function toFetchResponse(response: HttpResponse): Response {
  if (response.dropConnection === true) return new Response(failingBody(), { status: response.status });
  return new Response(response.body, { status: response.status, headers: response.headers });
}

function failingBody(): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.error(new Error('triggerkit: connection dropped by an injected fault'));
    },
  });
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MESSAGES } from '../../errors';
import type { HttpHandler, HttpRequest, HttpResponse } from './http.types';
import { jsonResponse } from './json-response.http';
import { isUnsupportedMediaType } from './media-type.http';
import { parseQueryString, splitRequestTarget } from './query-string.http';
import { DEFAULT_BODY_LIMIT_BYTES, readRequestBody } from './read-request-body.http';

export interface NodeListenerOptions {
  /** Largest body read, in bytes. Default 4 MB; past it the handler answers 413 without reading further. */
  bodyLimit?: number;
}

export type NodeRequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * A Node request as a host may hand it over: plain `node:http`, or a framework's, whose JSON body
 * parser may already have consumed the stream (leaving `body`, or `rawBody` bytes with Nest's `rawBody: true`).
 */
export type NodeRequestLike = IncomingMessage & { body?: unknown; rawBody?: unknown };

export interface FromNodeRequestOptions extends NodeListenerOptions {
  /** The request target relative to where triggerkit is mounted (e.g. Express's `req.url` inside a router). Default `req.url`. */
  url?: string;
}

/**
 * Serves a `HttpHandler` on plain `node:http` (and on anything that hands out Node's request and
 * response objects, e.g. Express, where `req.url` is relative to the router's mount point).
 *
 * @example
 * const server = http.createServer(toNodeListener(triggerKit.handle));
 */
export function toNodeListener(handler: HttpHandler, options: NodeListenerOptions = {}): NodeRequestListener {
  return (req, res) => {
    void fromNodeRequest(req, res, options)
      .then(handler)
      .then((response) => writeNodeResponse(res, response))
      .catch(() => failSafe(res));
  };
}

/**
 * Translates a Node request into the handler's `HttpRequest`, reading the body itself with the
 * 4 MB limit unless a body parser already consumed it. Past the limit it stops reading, marks the
 * request `bodyTooLarge` (the handler answers 413) and discards the rest without buffering it.
 * Adapters use this so every host reads requests the same way.
 */
export async function fromNodeRequest(req: NodeRequestLike, res: ServerResponse, options: FromNodeRequestOptions = {}): Promise<HttpRequest> {
  const { path, search } = splitRequestTarget(options.url ?? req.url ?? '/');
  const base: HttpRequest = { method: req.method ?? 'GET', path, query: parseQueryString(search), headers: req.headers };
  if (req.readableEnded) return { ...base, ...alreadyReadBody(req) };
  // Spec 2, Rev 2: a request the handler answers 415 by its headers alone is not read at all.
  if (isUnsupportedMediaType(base)) return discardBody(req, res, base);
  // Not destroying the stream on early exit keeps the socket open for the 413.
  let read: Awaited<ReturnType<typeof readRequestBody>>;
  try {
    read = await readRequestBody(req.iterator({ destroyOnReturn: false }), { limit: options.bodyLimit ?? DEFAULT_BODY_LIMIT_BYTES });
  } catch (error) {
    // A client that disconnects mid-body is routine, not a server failure: nothing to log or process.
    if (req.destroyed || isConnectionReset(error)) return { ...base, clientAborted: true };
    throw error;
  }
  if (read.ok) return { ...base, rawBody: read.body };
  return { ...discardBody(req, res, base), bodyTooLarge: true };
}

/** The body is still arriving: discard it and close after the answer, rather than let it poison a kept-alive connection. */
function discardBody(req: NodeRequestLike, res: ServerResponse, base: HttpRequest): HttpRequest {
  req.resume();
  res.shouldKeepAlive = false;
  return base;
}

function isConnectionReset(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ECONNRESET' || code === 'ECONNABORTED' || code === 'ERR_STREAM_PREMATURE_CLOSE';
}

function alreadyReadBody(req: NodeRequestLike): Pick<HttpRequest, 'rawBody' | 'parsedBody'> {
  return req.rawBody instanceof Uint8Array ? { rawBody: req.rawBody } : { parsedBody: req.body };
}

/** Writes the handler's response as is (status, headers, body), or drops the connection when a fault says so. */
export function writeNodeResponse(res: ServerResponse, response: HttpResponse): void {
  if (response.dropConnection === true) {
    res.socket?.destroy();
    return;
  }
  res.writeHead(response.status, response.headers);
  res.end(response.body);
}

/** The handler never rejects; this covers a broken socket or a response that cannot be written. */
function failSafe(res: ServerResponse): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  try {
    writeNodeResponse(res, jsonResponse(500, { message: MESSAGES.internal_error }));
  } catch {
    res.destroy();
  }
}

export interface ListenOptions extends NodeListenerOptions {
  /** Default 0 (any free port). */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
}

export interface ListeningServer {
  /** `http://host:port`, no trailing slash. */
  url: string;
  port: number;
  server: Server;
  /** Stops accepting, closes idle keep-alive connections and resolves once the server is closed. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts a `node:http` server for a handler.
 *
 * @example
 * const triggerKit = await createTriggerKitHandler({ config });
 * const { url, close } = await listen(triggerKit.handle, { port: 4010 });
 */
export async function listen(handler: HttpHandler, options: ListenOptions = {}): Promise<ListeningServer> {
  const server = createServer(toNodeListener(handler, options));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return { url: `http://${formatHost(host)}:${port}`, port, server, close: () => (closing ??= closeServer(server)) };
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeIdleConnections();
  });
}

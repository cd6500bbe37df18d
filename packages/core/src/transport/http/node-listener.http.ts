import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MESSAGES } from '../../errors';
import type { HttpHandler, HttpRequest, HttpResponse } from './http.types';
import { jsonResponse } from './json-response.http';
import { parseQueryString, splitRequestTarget } from './query-string.http';
import { DEFAULT_BODY_LIMIT_BYTES, readRequestBody } from './read-request-body.http';

export interface NodeListenerOptions {
  /** Largest body read, in bytes. Default 4 MB; past it the handler answers 413 without reading further. */
  bodyLimit?: number;
}

export type NodeRequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/** A request as a framework may have left it: already parsed by a JSON body parser. */
type MaybeParsedRequest = IncomingMessage & { body?: unknown; originalUrl?: string };

/**
 * Serves a `HttpHandler` on plain `node:http` (and on anything that hands out Node's request and
 * response objects, e.g. Express, where `req.url` is relative to the router's mount point).
 *
 * @example
 * const server = http.createServer(toNodeListener(triggerKit.handle));
 */
export function toNodeListener(handler: HttpHandler, options: NodeListenerOptions = {}): NodeRequestListener {
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT_BYTES;
  return (req, res) => {
    void serve(handler, req, res, limit).catch(() => failSafe(res));
  };
}

async function serve(handler: HttpHandler, req: MaybeParsedRequest, res: ServerResponse, limit: number): Promise<void> {
  const request = await toHttpRequest(req, limit);
  const response = await handler(request);
  if (response.dropConnection === true) {
    req.socket.destroy();
    return;
  }
  if (request.bodyTooLarge === true) {
    // The rest of the body is still arriving: discard it and close, rather than let it poison a kept-alive connection.
    req.resume();
    res.shouldKeepAlive = false;
  }
  writeResponse(res, response);
}

async function toHttpRequest(req: MaybeParsedRequest, limit: number): Promise<HttpRequest> {
  const { path, search } = splitRequestTarget(req.url ?? '/');
  const base: HttpRequest = { method: req.method ?? 'GET', path, query: parseQueryString(search), headers: req.headers };
  if (req.readableEnded && req.body !== undefined) return { ...base, parsedBody: req.body };
  // Not destroying the stream on early exit keeps the socket open for the 413.
  const read = await readRequestBody(req.iterator({ destroyOnReturn: false }), { limit });
  return read.ok ? { ...base, rawBody: read.body } : { ...base, bodyTooLarge: true };
}

function writeResponse(res: ServerResponse, response: HttpResponse): void {
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
    writeResponse(res, jsonResponse(500, { message: MESSAGES.internal_error }));
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

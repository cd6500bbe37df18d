import type { IncomingMessage, ServerResponse } from 'node:http';
import { readRequestBody, type HttpRequest, type HttpResponse } from '@triggerkit/core';

/** A Node request as frameworks leave it: a body parser may already have consumed the stream. */
export type FrameworkRequest = IncomingMessage & { body?: unknown; rawBody?: unknown };

/** Translates a Node request into core's `HttpRequest`; `url` is the path (and query) relative to the mount point. */
export async function toHttpRequest(req: FrameworkRequest, res: ServerResponse, url: string, bodyLimit: number | undefined): Promise<HttpRequest> {
  const request: HttpRequest = { method: req.method ?? 'GET', path: url, headers: req.headers };
  if (req.readableEnded) return { ...request, ...alreadyReadBody(req) };
  // destroyOnReturn: false — stopping early must not destroy the socket before the 413 is written.
  const read = await readRequestBody(req.iterator({ destroyOnReturn: false }), { limit: bodyLimit });
  if (read.ok) return { ...request, rawBody: read.body };
  // Discard the rest of the oversized body, and close the connection once the 413 is written.
  req.resume();
  res.shouldKeepAlive = false;
  return { ...request, bodyTooLarge: true };
}

function alreadyReadBody(req: FrameworkRequest): Pick<HttpRequest, 'rawBody' | 'parsedBody'> {
  return req.rawBody instanceof Uint8Array ? { rawBody: req.rawBody } : { parsedBody: req.body };
}

/** Writes core's response as is: same status, headers and body bytes (or drops the connection when told to). */
export function writeHttpResponse(res: ServerResponse, response: HttpResponse): void {
  if (response.dropConnection) {
    res.socket?.destroy();
    return;
  }
  res.writeHead(response.status, response.headers).end(response.body);
}

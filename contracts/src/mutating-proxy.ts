import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A response as the proxy received it from the real provider, before a mutation changes it. */
export interface ProxiedResponse {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Rewrites a provider response; return it unchanged to pass it through. */
export type Mutation = (response: ProxiedResponse) => ProxiedResponse;

export interface MutatingProxy {
  url: string;
  close(): Promise<void>;
}

// Hop-by-hop and length headers are recomputed by node:http for the rewritten body.
const DROPPED_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

/**
 * A deliberately wrong provider: forwards every request to `targetUrl` (a correct provider) and
 * answers with `mutate` applied to its response. Listens on 127.0.0.1, port 0.
 */
export async function startMutatingProxy(targetUrl: string, mutate: Mutation): Promise<MutatingProxy> {
  const server = createServer((req, res) => {
    forward(targetUrl, req)
      .then((response) => write(res, mutate(response)))
      .catch((error: unknown) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`proxy error: ${error instanceof Error ? error.message : String(error)}`);
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

async function forward(targetUrl: string, req: IncomingMessage): Promise<ProxiedResponse> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const method = req.method ?? 'GET';
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string' && !DROPPED_HEADERS.has(name) && name !== 'host') headers[name] = value;
  }
  const path = req.url ?? '/';
  const response = await fetch(`${targetUrl}${path}`, { method, headers, ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}) });
  const responseHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!DROPPED_HEADERS.has(name)) responseHeaders[name] = value;
  });
  return { method, path: path.split('?')[0] ?? path, status: response.status, headers: responseHeaders, body: await response.text() };
}

function write(res: ServerResponse, response: ProxiedResponse): void {
  res.writeHead(response.status, response.headers);
  res.end(response.body);
}

/** Applies `change` to the JSON body of responses that `when` selects. */
export function rewriteJsonBody(when: (response: ProxiedResponse) => boolean, change: (body: Record<string, unknown>) => Record<string, unknown>): Mutation {
  return (response) => {
    if (!when(response)) return response;
    const body = JSON.parse(response.body) as Record<string, unknown>;
    return { ...response, body: JSON.stringify(change(body)) };
  };
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { AbortError } from '../../errors';

/** A request as the scripted server received it. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  rawBody: string;
  body: unknown;
}

/** How the server answers one request. */
export interface ScriptedReply {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as is (HTML, truncated JSON, empty). */
  body?: string | object;
  /** Wait before answering (for timeouts). */
  delayMs?: number;
  /** Write the status line and headers, then destroy the socket (a reset after the request was read). */
  resetAfterHeaders?: boolean;
}

export type Script = (request: ReceivedRequest, attempt: number) => ScriptedReply | Promise<ScriptedReply>;

export interface ScriptedServer {
  url: string;
  requests: ReceivedRequest[];
  /** The most requests that were ever being handled at the same time. */
  maxInFlight: () => number;
  close: () => Promise<void>;
}

/** A real node:http server on 127.0.0.1, port 0, answering per `script` and recording every request. */
export async function startScriptedServer(script: Script): Promise<ScriptedServer> {
  const requests: ReceivedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer((req, res) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => {
      inFlight -= 1;
    });
    void handle(req, res).catch((error: unknown) => {
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const received = await receive(req);
    requests.push(received);
    const reply = await script(received, requests.length);
    if (reply.delayMs !== undefined) await delay(reply.delayMs);
    respond(res, reply);
  };
  await listen(server);
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, maxInFlight: () => maxInFlight, close: () => close(server) };
}

/** A port on 127.0.0.1 that nothing listens on (so connecting is refused). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await listen(server);
  const { port } = server.address() as AddressInfo;
  await close(server);
  return `http://127.0.0.1:${port}`;
}

async function receive(req: IncomingMessage): Promise<ReceivedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks).toString('utf8');
  let body: unknown = rawBody;
  try {
    body = JSON.parse(rawBody) as unknown;
  } catch {
    // not JSON: keep the text
  }
  return { method: req.method ?? '', path: req.url ?? '', headers: req.headers, rawBody, body };
}

function respond(res: ServerResponse, reply: ScriptedReply): void {
  const body = typeof reply.body === 'object' ? JSON.stringify(reply.body) : (reply.body ?? '');
  const contentType = typeof reply.body === 'object' ? 'application/json' : 'text/plain';
  res.writeHead(reply.status ?? 200, { 'content-type': contentType, ...reply.headers });
  if (reply.resetAfterHeaders) {
    res.flushHeaders();
    setTimeout(() => res.socket?.destroy(), 20);
    return;
  }
  res.end(body);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}

/** A clock that only moves when the client sleeps, so waits are asserted exactly and tests run instantly. */
export const FAKE_START_MS = Date.UTC(2027, 0, 1);

export function fakeTime(startMs = FAKE_START_MS) {
  let nowMs = startMs;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => nowMs,
    sleep: async (ms: number, signal?: AbortSignal): Promise<void> => {
      if (signal?.aborted) throw new AbortError({ cause: signal.reason });
      sleeps.push(ms);
      nowMs += ms;
    },
    random: () => 0.5,
  };
}

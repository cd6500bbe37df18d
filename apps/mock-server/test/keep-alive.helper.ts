import { Pool } from 'undici';

/** One request as the fuzz and soak runs send it: any method and path, raw headers and body. */
export interface RawRequest {
  method: string;
  /** Path with its query string, starting with `/`. */
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

export type RawOutcome =
  | { kind: 'response'; status: number; contentType: string; text: string }
  | { kind: 'connection_error'; code: string; message: string };

/**
 * A keep-alive connection pool to a running server (undici's `Pool`), bounded in connections and
 * in time per request, so a hung server fails a run instead of stalling it.
 */
export class KeepAlivePool {
  readonly #pool: Pool;

  constructor(origin: string, connections: number, timeoutMs = 30_000) {
    this.#pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 10_000, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  }

  async send(request: RawRequest): Promise<RawOutcome> {
    try {
      const response = await this.#pool.request({ method: request.method, path: request.path, headers: request.headers, body: request.body });
      const text = await response.body.text();
      const contentType = response.headers['content-type'];
      return { kind: 'response', status: response.statusCode, contentType: typeof contentType === 'string' ? contentType : '', text };
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      return { kind: 'connection_error', code: typeof code === 'string' ? code : 'UNKNOWN', message: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Sends every request with at most `concurrency` in flight; outcomes in request order. */
  async sendAll(requests: readonly RawRequest[], concurrency: number): Promise<RawOutcome[]> {
    const outcomes: RawOutcome[] = new Array<RawOutcome>(requests.length);
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const index = next++;
        outcomes[index] = await this.send(requests[index]!);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, worker));
    return outcomes;
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}

/** A JSON request body with the headers a well-behaved client sends. */
export function jsonRequest(method: string, path: string, key: string | undefined, body?: unknown): RawRequest {
  return {
    method,
    path,
    headers: {
      ...(key === undefined ? {} : { authorization: `Bearer ${key}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  };
}

/** Parses a response body as JSON, or undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

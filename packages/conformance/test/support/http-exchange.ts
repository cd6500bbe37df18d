/** One HTTP exchange as the suite inspects it: status, lower-case headers, the raw body text and its JSON. */
export interface Exchange {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export interface SendOptions {
  /** Sent as `Authorization: Bearer <key>`; omitted when undefined. */
  key?: string | undefined;
  /** A JSON value (serialized) or raw text sent as is. */
  body?: unknown;
  raw?: string | Uint8Array;
  headers?: Record<string, string>;
}

/** A tiny fetch wrapper bound to one host's base URL. Only ever talks to 127.0.0.1. */
export function exchangeWith(baseUrl: string) {
  return async function send(method: string, path: string, options: SendOptions = {}): Promise<Exchange> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.key !== undefined) headers.authorization = `Bearer ${options.key}`;
    const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: parseJson(text) };
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

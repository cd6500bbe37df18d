import { type ErrorResponseInfo } from '../../errors';

/**
 * The body as JSON when it is JSON, else the raw text (empty, HTML from a proxy, truncated):
 * a body never makes the client throw a parse error.
 */
export function parseBodyText(text: string): unknown {
  if (text.trim() === '') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** `headers` with lower-cased names, the shape errors and hooks expose. */
export function toResponseInfo(status: number, headers: Record<string, string>, text: string): ErrorResponseInfo {
  return { status, headers, body: parseBodyText(text) };
}

/** `message` of a Braze-style body, if it has a string one. */
export function bodyMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const message = (body as Record<string, unknown>).message;
  return typeof message === 'string' ? message : undefined;
}

/** `errors` of a Braze-style body, keeping only the strings. */
export function bodyErrors(body: unknown): string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [];
  const errors = (body as Record<string, unknown>).errors;
  return Array.isArray(errors) ? errors.filter((e): e is string => typeof e === 'string') : [];
}

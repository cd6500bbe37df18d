import { type Transport } from './http-transport.client';

/** The part of undici's `request` the client uses (undici 7). */
interface UndiciModule {
  request(
    url: string,
    options: { method: 'POST' | 'GET'; headers: Record<string, string>; body?: string | undefined; signal: AbortSignal },
  ): Promise<{ statusCode: number; headers: Record<string, string | string[] | undefined>; body: { text(): Promise<string> } }>;
}

/**
 * Held in a variable so that bundlers leave the import alone: this module is part of the
 * edge-safe client entry, where undici (which needs `node:*`) must not be bundled. Node
 * resolves it from core's own dependencies at run time.
 */
const UNDICI = 'undici';

/** Node itself, not a runtime that only imitates `process` (Bun and Deno have their own fast `fetch`). */
function isNode(): boolean {
  const runtime = globalThis as { process?: { versions?: { node?: string } }; Bun?: unknown; Deno?: unknown };
  return typeof runtime.process?.versions?.node === 'string' && runtime.Bun === undefined && runtime.Deno === undefined;
}

/** undici's pooled `request` as a transport, or undefined where it is not Node or undici is missing. */
export async function loadUndiciTransport(): Promise<Transport | undefined> {
  if (!isNode()) return undefined;
  let undici: UndiciModule;
  try {
    undici = (await import(/* @vite-ignore */ UNDICI)) as UndiciModule;
  } catch {
    return undefined;
  }
  return async (url, request) => {
    const response = await undici.request(url, request);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    return { status: response.statusCode, headers, text: () => response.body.text() };
  };
}

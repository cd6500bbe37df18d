import { MAX_BODY_BYTES } from '../../rules/request-validation/request-body.validation';

/** 4 MB (binary), the largest body the Braze endpoints accept (spec 3.2 rule 2). */
export const DEFAULT_BODY_LIMIT_BYTES = MAX_BODY_BYTES;

export type ReadRequestBodyResult = { ok: true; body: Uint8Array } | { ok: false; tooLarge: true };

export interface ReadRequestBodyOptions {
  /** Largest accepted body in bytes. Default: 4 MB. */
  limit?: number;
}

const encoder = new TextEncoder();

/**
 * Reads a request body stream into bytes, stopping as soon as it exceeds the limit so that a host
 * never buffers more than the limit plus one chunk.
 *
 * @example
 * const read = await readRequestBody(req); // req: IncomingMessage, or any AsyncIterable of chunks
 * const request = read.ok ? { ...base, rawBody: read.body } : { ...base, bodyTooLarge: true };
 */
export async function readRequestBody(
  source: AsyncIterable<Uint8Array | string>,
  options: ReadRequestBodyOptions = {},
): Promise<ReadRequestBodyResult> {
  const limit = options.limit ?? DEFAULT_BODY_LIMIT_BYTES;
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    total += bytes.byteLength;
    // Leaving the loop early calls the iterator's return(), which stops (and for Node streams destroys) the source.
    if (total > limit) return { ok: false, tooLarge: true };
    chunks.push(bytes);
  }
  return { ok: true, body: concatBytes(chunks, total) };
}

function concatBytes(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

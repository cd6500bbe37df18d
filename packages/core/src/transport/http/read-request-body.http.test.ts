import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BODY_LIMIT_BYTES, readRequestBody } from './read-request-body.http';

async function* chunks(...parts: Array<Uint8Array | string>): AsyncGenerator<Uint8Array | string> {
  for (const part of parts) yield part;
}

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

describe('readRequestBody', () => {
  it('joins byte and string chunks in order', async () => {
    const result = await readRequestBody(chunks('{"a":', new TextEncoder().encode('1'), '}'));
    expect(result.ok && text(result.body)).toBe('{"a":1}');
  });

  it('reads an empty body as zero bytes', async () => {
    const result = await readRequestBody(chunks());
    expect(result).toEqual({ ok: true, body: new Uint8Array(0) });
  });

  it('accepts a body of exactly the limit and refuses one byte more', async () => {
    expect((await readRequestBody(chunks('abc'), { limit: 3 })).ok).toBe(true);
    expect(await readRequestBody(chunks('ab', 'cd'), { limit: 3 })).toEqual({ ok: false, tooLarge: true });
  });

  it('counts UTF-8 bytes, not characters', async () => {
    expect(await readRequestBody(chunks('ééé'), { limit: 5 })).toEqual({ ok: false, tooLarge: true });
    expect((await readRequestBody(chunks('éé'), { limit: 4 })).ok).toBe(true);
  });

  it('stops pulling chunks once the limit is passed', async () => {
    let pulled = 0;
    async function* endless(): AsyncGenerator<string> {
      for (;;) {
        pulled += 1;
        yield 'x'.repeat(1024);
      }
    }
    expect(await readRequestBody(endless(), { limit: 10 * 1024 })).toEqual({ ok: false, tooLarge: true });
    expect(pulled).toBe(11);
  });

  it('defaults to 4 MB', async () => {
    expect(DEFAULT_BODY_LIMIT_BYTES).toBe(4_194_304);
    const mb = 'x'.repeat(1024 * 1024);
    expect((await readRequestBody(chunks(mb, mb, mb, mb))).ok).toBe(true);
    expect((await readRequestBody(chunks(mb, mb, mb, mb, 'x'))).ok).toBe(false);
  });

  it('returns exactly the bytes given, whatever the chunking', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }), async (parts) => {
        const expected = Uint8Array.from(parts.flatMap((part) => [...part]));
        const result = await readRequestBody(chunks(...parts), { limit: 1024 });
        expect(result).toEqual({ ok: true, body: expected });
      }),
    );
  });
});

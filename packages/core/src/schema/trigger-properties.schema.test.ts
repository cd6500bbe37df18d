import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PARSE_OPTIONS } from './issue-messages.schema';
import { jsonByteLength, MAX_TRIGGER_PROPERTIES_BYTES, personalisationObjectSchema, utf8ByteLength } from './trigger-properties.schema';

describe('personalisationObjectSchema', () => {
  it('counts UTF-8 bytes exactly like Buffer does, lone surrogates included', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: fc.nat({ max: 0xffff }).map((code) => String.fromCharCode(code)) })), (text) => {
        expect(utf8ByteLength(text)).toBe(Buffer.byteLength(text, 'utf8'));
      }), { numRuns: 1000 });
  });

  it('accepts exactly 51,200 bytes and rejects 51,201', () => {
    const padding = MAX_TRIGGER_PROPERTIES_BYTES - '{"k":""}'.length;
    expect(jsonByteLength({ k: 'x'.repeat(padding) })).toBe(MAX_TRIGGER_PROPERTIES_BYTES);
    expect(personalisationObjectSchema.safeParse({ k: 'x'.repeat(padding) }).success).toBe(true);
    const over = personalisationObjectSchema.safeParse({ k: 'x'.repeat(padding + 1) }, PARSE_OPTIONS);
    expect(over.success).toBe(false);
    expect(over.error?.issues[0]?.message).toBe('exceeds 50KB (51201 bytes, limit 51200)');
  });

  it('treats "" as absent, passes objects through untouched and rejects other values', () => {
    expect(personalisationObjectSchema.parse('')).toBeUndefined();
    const input: unknown = JSON.parse('{"__proto__":{"x":1}}');
    expect(personalisationObjectSchema.parse(input)).toBe(input);
    for (const value of [[], 'x', 1, null]) expect(personalisationObjectSchema.safeParse(value, PARSE_OPTIONS).error?.issues[0]?.message).toBe('must be an object');
  });
});

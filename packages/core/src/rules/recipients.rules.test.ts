import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recipientSchema, type RecipientIdentifier } from '../schema/recipient.schema';
import { dedupeRecipients, recipientIdentifierKey } from './recipients.rules';

describe('recipientIdentifierKey', () => {
  it('names the identifier kind and value', () => {
    expect(recipientIdentifierKey({ external_user_id: 'u-1' })).toBe('external_user_id:"u-1"');
    expect(recipientIdentifierKey({ braze_id: 'b-1' })).toBe('braze_id:"b-1"');
    expect(recipientIdentifierKey({ user_alias: { alias_name: 'n', alias_label: 'l' } })).toBe('user_alias:["n","l"]');
    expect(recipientIdentifierKey({ email: 'a@example.com' })).toBe('email:"a@example.com"');
  });

  it('keeps kinds apart even for equal values', () => {
    expect(recipientIdentifierKey({ external_user_id: 'x' })).not.toBe(recipientIdentifierKey({ braze_id: 'x' }));
  });

  it('tells aliases apart by name and label, whatever characters they hold', () => {
    const keys = [
      { alias_name: 'a:b', alias_label: 'c' },
      { alias_name: 'a', alias_label: 'b:c' },
      { alias_name: 'a","b', alias_label: 'c' },
      { alias_name: 'a', alias_label: 'b","c' },
    ].map((user_alias) => recipientIdentifierKey({ user_alias }));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('compares email addresses case-insensitively, as email lookup does', () => {
    expect(recipientIdentifierKey({ email: 'Ann@Example.com' })).toBe(recipientIdentifierKey({ email: 'ann@example.com' }));
    expect(recipientIdentifierKey({ email: ' ann@example.com ' })).toBe(recipientIdentifierKey({ email: 'ann@example.com' }));
  });

  it('ignores everything but the identifier', () => {
    const parsed = recipientSchema.parse({ external_user_id: 'u-1', send_to_existing_only: false, attributes: { plan: 'pro' }, trigger_properties: { a: 1 } });
    expect(recipientIdentifierKey(parsed)).toBe(recipientIdentifierKey({ external_user_id: 'u-1' }));
  });

  it('gives the empty string to a recipient without identifier', () => {
    expect(recipientIdentifierKey({})).toBe('');
  });
});

describe('dedupeRecipients', () => {
  it('marks later occurrences as duplicates, in request order; the first wins entirely', () => {
    const recipients = [
      { external_user_id: 'a', attributes: { n: 1 } },
      { braze_id: 'a' },
      { external_user_id: 'a', attributes: { n: 2 } },
      { user_alias: { alias_name: 'x', alias_label: 'y' } },
      { user_alias: { alias_name: 'x', alias_label: 'y' } },
      { email: 'A@example.com' },
      { email: 'a@example.com' },
    ];
    const result = dedupeRecipients(recipients);
    expect(result.map((entry) => entry.duplicate)).toEqual([false, false, true, false, true, false, true]);
    expect(result.map((entry) => entry.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(result[0]?.recipient).toBe(recipients[0]);
    expect(result[2]?.recipient).toBe(recipients[2]);
  });

  it('never marks identifier-less recipients as duplicates', () => {
    expect(dedupeRecipients([{}, {}]).map((entry) => entry.duplicate)).toEqual([false, false]);
  });

  it('is empty for no recipients', () => {
    expect(dedupeRecipients([])).toEqual([]);
  });

  it('marks exactly the non-first occurrence of each key', () => {
    const id = fc.constantFrom('a', 'b', 'c');
    const recipient: fc.Arbitrary<RecipientIdentifier> = fc.oneof(
      id.map((external_user_id) => ({ external_user_id })),
      id.map((braze_id) => ({ braze_id })),
      fc.tuple(id, id).map(([alias_name, alias_label]) => ({ user_alias: { alias_name, alias_label } })),
      fc.tuple(id, fc.boolean()).map(([local, upper]) => ({ email: `${upper ? local.toUpperCase() : local}@example.com` })),
    );
    fc.assert(
      fc.property(fc.array(recipient, { maxLength: 50 }), (recipients) => {
        const result = dedupeRecipients(recipients);
        expect(result).toHaveLength(recipients.length);
        result.forEach((entry, index) => {
          expect(entry.index).toBe(index);
          expect(entry.recipient).toBe(recipients[index]);
          const key = recipientIdentifierKey(entry.recipient);
          const first = recipients.findIndex((other) => recipientIdentifierKey(other) === key);
          expect(entry.duplicate).toBe(first < index);
        });
      }),
      { numRuns: 1_000 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRIORITIZATIONS, type Prioritization } from '../schema/recipient.schema';
import { emailRecipientMayCreate, pickByPrioritization, type PrioritizedProfile } from './prioritization.rules';

type Candidate = PrioritizedProfile & { id: string };
const anonOld: Candidate = { id: 'anon-old', updated_at: '2026-01-01T00:00:00.000Z' };
const knownNew: Candidate = { id: 'known-new', external_id: 'k1', updated_at: '2026-03-01T00:00:00.000Z' };
const knownOld: Candidate = { id: 'known-old', external_id: 'k2', updated_at: '2025-12-01T00:00:00.000Z' };
const anonNew: Candidate = { id: 'anon-new', updated_at: '2026-02-01T00:00:00.000Z' };
const candidates = [anonOld, knownNew, knownOld, anonNew];

describe('pickByPrioritization (spec 3.3 step 2, Rev 2)', () => {
  it.each([
    [['identified'], 'known-new'],
    [['unidentified'], 'anon-new'],
    [['most_recently_updated'], 'known-new'],
    [['least_recently_updated'], 'known-old'],
    [['identified', 'least_recently_updated'], 'known-old'],
    [['unidentified', 'least_recently_updated'], 'anon-old'],
    [['least_recently_updated', 'unidentified'], 'anon-old'],
    [['unidentified', 'most_recently_updated'], 'anon-new'],
    [['least_recently_updated', 'most_recently_updated'], 'known-old'],
    [[], 'known-new'],
  ] as const)('%j picks %s', (prioritization, expected) => {
    expect(pickByPrioritization(candidates, prioritization)?.id).toBe(expected);
  });

  it('filters rather than prefers: identified never falls back to an unidentified profile, nor unidentified to an identified one', () => {
    expect(pickByPrioritization([anonOld, anonNew], ['identified'])).toBeUndefined();
    expect(pickByPrioritization([knownOld, knownNew], ['unidentified', 'most_recently_updated'])).toBeUndefined();
    expect(pickByPrioritization([], ['most_recently_updated'])).toBeUndefined();
  });

  it('keeps the candidates\' own order (oldest first) between equal times', () => {
    const twin = { ...anonOld, id: 'twin' };
    expect(pickByPrioritization([anonOld, twin], ['most_recently_updated'])?.id).toBe('anon-old');
    expect(pickByPrioritization([twin, anonOld], ['least_recently_updated'])?.id).toBe('twin');
  });

  const candidate = fc.record({
    id: fc.uuid(),
    external_id: fc.option(fc.string({ minLength: 1, maxLength: 3 }), { nil: undefined }),
    updated_at: fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString()),
  });
  const prioritization = fc.subarray([...PRIORITIZATIONS]).filter((list) => !(list.includes('identified') && list.includes('unidentified'))) as fc.Arbitrary<Prioritization[]>;

  it('always picks a candidate that passes the filters, and the first by the order among them', () => {
    fc.assert(
      fc.property(fc.array(candidate, { maxLength: 6 }), prioritization, (list, rules) => {
        const picked = pickByPrioritization(list, rules);
        const passing = list.filter((c) => (!rules.includes('identified') || c.external_id !== undefined) && (!rules.includes('unidentified') || c.external_id === undefined));
        if (passing.length === 0) {
          expect(picked).toBeUndefined();
          return;
        }
        const least = rules.find((rule) => rule === 'most_recently_updated' || rule === 'least_recently_updated') === 'least_recently_updated';
        const times = passing.map((c) => Date.parse(c.updated_at));
        const best = least ? Math.min(...times) : Math.max(...times);
        expect(passing).toContain(picked);
        expect(Date.parse((picked as Candidate).updated_at)).toBe(best);
      }),
    );
  });
});

describe('emailRecipientMayCreate (spec 3.3 step 2, Rev 2)', () => {
  it.each([
    [['identified'], false],
    [['identified', 'most_recently_updated'], false],
    [['unidentified'], true],
    [['most_recently_updated'], true],
    [['least_recently_updated', 'unidentified'], true],
    [undefined, true],
  ] as const)('%j → %s', (prioritization, expected) => {
    expect(emailRecipientMayCreate(prioritization)).toBe(expected);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIsoTime } from './iso-time.rules';

describe('parseIsoTime', () => {
  it.each([
    ['2024-05-01', Date.UTC(2024, 4, 1)],
    ['2024-05-01T10:00:00Z', Date.UTC(2024, 4, 1, 10)],
    ['2024-05-01T10:00Z', Date.UTC(2024, 4, 1, 10)],
    ['2024-05-01T10:00:00', Date.UTC(2024, 4, 1, 10)],
    ['2024-05-01 10:00:00', Date.UTC(2024, 4, 1, 10)],
    ['2024-05-01T10:00:00.123456Z', Date.UTC(2024, 4, 1, 10, 0, 0, 123)],
    ['2024-05-01T10:00:00,5Z', Date.UTC(2024, 4, 1, 10, 0, 0, 500)],
    ['2024-05-01T12:30:00+02:30', Date.UTC(2024, 4, 1, 10)],
    ['2024-05-01T08:00:00-0200', Date.UTC(2024, 4, 1, 10)],
    ['2024-05-01T12:00:00+02', Date.UTC(2024, 4, 1, 10)],
    ['0050-01-01', -60_589_296_000_000],
  ])('%s', (text, expected) => {
    expect(parseIsoTime(text)).toBe(expected);
  });

  it.each([['2024-02-30'], ['2024-13-01'], ['2024-05-01T24:00:00Z'], ['yesterday'], [''], ['2024-5-1']])('rejects %j', (text) => {
    expect(parseIsoTime(text)).toBeUndefined();
  });

  it('rejects non-strings', () => {
    for (const value of [0, null, undefined, new Date(), { $time: '2024-01-01' }]) expect(parseIsoTime(value)).toBeUndefined();
  });

  it('agrees with Date for every toISOString output', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), (date) => {
        expect(parseIsoTime(date.toISOString())).toBe(date.getTime());
      }),
      { numRuns: 1_000 },
    );
  });
});

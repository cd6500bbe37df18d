import { isIso8601 } from '../schema/iso-time.schema';

// Our own constant pattern (never caller-supplied); `isIso8601` decides validity, this only splits.
const PARTS = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * The instant an ISO-8601 date or date-time names, in epoch milliseconds, or `undefined` when the
 * value is not one. A date alone is midnight UTC and a date-time without an offset is UTC (Braze
 * reads times as UTC); `Date.parse` is not used because it reads some of these forms as local time.
 */
export function parseIsoTime(value: unknown): number | undefined {
  if (typeof value !== 'string' || !isIso8601(value)) return undefined;
  const match = PARTS.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '0', offset] = match;
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  // Not `Date.UTC`, which reads years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  date.setUTCHours(Number(hour), Number(minute), Number(second), millis);
  const result = date.getTime() - offsetMinutes(offset) * 60_000;
  return Number.isFinite(result) ? result : undefined;
}

function offsetMinutes(offset: string | undefined): number {
  if (offset === undefined || offset === 'Z' || offset === 'z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
}

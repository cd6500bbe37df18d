import { z } from 'zod';

// Our own constant pattern (never caller-supplied), so a JS RegExp is fine here.
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** True for an ISO-8601 calendar date (`2024-05-01`) or date-time (`2024-05-01T10:00:00Z`, offsets allowed) that names a real instant. */
export function isIso8601(value: string): boolean {
  const match = ISO_8601.exec(value);
  if (!match) return false;
  const [, year, month, day, hour = '0', minute = '0', second = '0'] = match;
  if (Number(month) < 1 || Number(month) > 12 || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return false;
  const daysInMonth = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
  return Number(day) >= 1 && Number(day) <= daysInMonth;
}

/** An ISO-8601 date or date-time string. */
export const isoTimeSchema = z
  .string()
  .refine(isIso8601, { error: 'must be an ISO-8601 date or time' })
  .meta({ description: 'ISO-8601 date (YYYY-MM-DD) or date-time' });

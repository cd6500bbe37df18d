import { describe, expect, it } from 'vitest';
import { isIso8601 } from './iso-time.schema';

describe('isIso8601', () => {
  it.each(['2024-05-01', '2024-05-01T10:00:00Z', '2024-05-01T10:00Z', '2024-05-01T10:00:00.123+02:00', '2024-02-29T23:59:59-0500', '2024-05-01 10:00:00'])('accepts %s', (value) => {
    expect(isIso8601(value)).toBe(true);
  });

  it.each(['', 'yesterday', '2023-02-29', '2024-13-01', '2024-05-01T24:00:00Z', '2024-05-01T10:61:00Z', '1714557600', '2024-5-1'])('rejects %j', (value) => {
    expect(isIso8601(value)).toBe(false);
  });
});

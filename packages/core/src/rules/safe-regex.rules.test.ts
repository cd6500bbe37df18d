import { describe, expect, it } from 'vitest';
import { compileLinearRegex, MAX_REGEX_PATTERN_LENGTH, MAX_REGEX_PROGRAM_SIZE, regexCacheStats } from './safe-regex.rules';

describe('compileLinearRegex: bounded regex work', () => {
  it('refuses a pattern longer than 400 characters, naming the limit, without compiling it', () => {
    const result = compileLinearRegex('a'.repeat(MAX_REGEX_PATTERN_LENGTH + 1));
    expect(result).toEqual({ ok: false, reason: 'longer than 400 characters (the longest pattern accepted)' });
    expect(compileLinearRegex('a'.repeat(MAX_REGEX_PATTERN_LENGTH)).ok).toBe(true);
  });

  it('reads the compiled program size from re2js (pinned: an upgrade that moves it fails here)', () => {
    const small = compileLinearRegex('^gold$');
    const repeated = compileLinearRegex('(.*){100}');
    expect(small.ok && small.regex.size).toBeGreaterThan(2);
    expect(small.ok && small.regex.size).toBeLessThan(20);
    // re2js compiles (.*){100} to 402 instructions; the estimate (length × repeat count) would say 900.
    expect(repeated.ok && repeated.regex.size).toBe(402);
  });

  it('refuses short patterns whose program is huge, such as large repeat counts', () => {
    for (const pattern of ['(.*){1000}', '[a-z]{600}', '(a|b|c|d|e|f|g|h){1,200}']) {
      const result = compileLinearRegex(pattern);
      expect(result.ok, pattern).toBe(false);
      expect(result.ok ? '' : result.reason).toMatch(new RegExp(`^too complex: compiles to \\d+ instructions, more than ${MAX_REGEX_PROGRAM_SIZE}`));
    }
  });

  it('keeps linear semantics: catastrophic patterns for backtracking engines stay fast and correct', () => {
    const result = compileLinearRegex('^(a+)+$');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.regex.test(`${'a'.repeat(255)}!`)).toBe(false);
    expect(result.regex.test('a'.repeat(255))).toBe(true);
  });

  it('bounds its cache by total compiled size as well as by count', () => {
    for (let index = 0; index < 600; index++) expect(compileLinearRegex(`(x${index}.*){60}`).ok).toBe(true);
    const stats = regexCacheStats();
    expect(stats.instructions).toBeLessThanOrEqual(200_000);
    expect(stats.entries).toBeLessThan(600);
    for (let index = 0; index < 2_000; index++) compileLinearRegex(`^u${index}$`);
    expect(regexCacheStats().entries).toBeLessThanOrEqual(1_000);
  });
});

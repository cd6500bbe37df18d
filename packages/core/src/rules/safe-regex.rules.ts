import { RE2JS } from 're2js';

/** A compiled pattern whose matching time is linear in the input (RE2 semantics: no backtracking). */
export interface LinearRegex {
  readonly source: string;
  test(input: string): boolean;
}

export type CompileRegexResult = { ok: true; regex: LinearRegex } | { ok: false; reason: string };

const cache = new Map<string, CompileRegexResult>();
const CACHE_LIMIT = 1_000;

/**
 * Compiles an API caller's `matches_regex` pattern with an RE2-class engine, so evaluation can
 * never blow up (`^(a+)+$` on a long input stays linear). Invalid patterns (or features RE2 does
 * not support, such as look-behind and back-references) are reported, not thrown.
 */
export function compileLinearRegex(pattern: string): CompileRegexResult {
  const hit = cache.get(pattern);
  if (hit) return hit;
  let result: CompileRegexResult;
  try {
    const compiled = RE2JS.compile(pattern);
    result = { ok: true, regex: { source: pattern, test: (input) => compiled.matcher(input).find() } };
  } catch (error) {
    result = { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(pattern, result);
  return result;
}

import { RE2JS } from 're2js';

/** A compiled pattern whose matching time is linear in the input (RE2 semantics: no backtracking). */
export interface LinearRegex {
  readonly source: string;
  /** Instructions of the compiled program: matching costs about this many steps per input character. */
  readonly size: number;
  test(input: string): boolean;
}

export type CompileRegexResult = { ok: true; regex: LinearRegex } | { ok: false; reason: string };

/** The longest `matches_regex` pattern accepted (characters). */
export const MAX_REGEX_PATTERN_LENGTH = 400;
/**
 * The largest compiled program one pattern may have. Linear is not cheap: `(.*){1000}` is 24
 * characters, compiles to 4,002 instructions and spends ~20 ms on one 255-character attribute.
 * At this bound one match of a 255-character string costs about 0.5 ms on a laptop core.
 */
export const MAX_REGEX_PROGRAM_SIZE = 500;

/** The cache holds at most this many compiled instructions in all (and at most `CACHE_ENTRIES` patterns). */
const CACHE_INSTRUCTIONS = 200_000;
const CACHE_ENTRIES = 1_000;
const cache = new Map<string, CompileRegexResult>();
let cachedInstructions = 0;

/**
 * Compiles an API caller's `matches_regex` pattern with an RE2-class engine, so evaluation can
 * never blow up (`^(a+)+$` on a long input stays linear), and refuses patterns longer than
 * `MAX_REGEX_PATTERN_LENGTH` or compiling to more than `MAX_REGEX_PROGRAM_SIZE` instructions, so
 * the constant factor stays small too. Invalid patterns (or features RE2 does not support, such as
 * look-behind and back-references) are reported, not thrown. Results are cached, bounded by count
 * and by total compiled size.
 */
export function compileLinearRegex(pattern: string): CompileRegexResult {
  const hit = cache.get(pattern);
  if (hit) return hit;
  if (pattern.length > MAX_REGEX_PATTERN_LENGTH) return { ok: false, reason: `longer than ${MAX_REGEX_PATTERN_LENGTH} characters (the longest pattern accepted)` };
  const result = compile(pattern);
  remember(pattern, result);
  return result;
}

function compile(pattern: string): CompileRegexResult {
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern);
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  const size = programSize(compiled);
  if (size > MAX_REGEX_PROGRAM_SIZE) {
    return { ok: false, reason: `too complex: compiles to ${size} instructions, more than ${MAX_REGEX_PROGRAM_SIZE} (large repeat counts such as {1000} cost the most)` };
  }
  return { ok: true, regex: { source: pattern, size, test: (input) => compiled.matcher(input).find() } };
}

/**
 * re2js does not publish its program's size; it is read from the compiled RE2 object (`re2Input.prog.inst`),
 * which the tests pin so an upgrade that moves it fails loudly rather than silently lifting the bound.
 * Should it be missing, the pattern's length with every repeat count expanded stands in.
 */
function programSize(compiled: RE2JS): number {
  const prog = (compiled as unknown as { re2Input?: { prog?: { inst?: unknown } } }).re2Input?.prog;
  if (Array.isArray(prog?.inst)) return prog.inst.length;
  return estimatedSize(compiled.pattern());
}

function estimatedSize(pattern: string): number {
  let size = pattern.length;
  for (const match of pattern.matchAll(/\{(\d+)(?:,(\d*))?\}/g)) size *= Math.max(1, Number(match[2] || match[1]));
  return size;
}

function remember(pattern: string, result: CompileRegexResult): void {
  const weight = weightOf(result);
  while (cache.size >= CACHE_ENTRIES || (cache.size > 0 && cachedInstructions + weight > CACHE_INSTRUCTIONS)) {
    const [oldest, evicted] = cache.entries().next().value as [string, CompileRegexResult];
    cache.delete(oldest);
    cachedInstructions -= weightOf(evicted);
  }
  cache.set(pattern, result);
  cachedInstructions += weight;
}

function weightOf(result: CompileRegexResult): number {
  return result.ok ? result.regex.size : 1;
}

/** What the cache holds now (for tests and diagnostics). */
export function regexCacheStats(): { entries: number; instructions: number } {
  return { entries: cache.size, instructions: cachedInstructions };
}

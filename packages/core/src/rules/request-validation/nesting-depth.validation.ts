/**
 * The deepest JSON nesting a request body may have: the body object itself is level 1, so a
 * nested custom attribute inside a recipient's `attributes` still has about 60 levels to use.
 * Braze documents no depth; the bound exists because every later step (validation, copies,
 * rendering, storage) walks the value, and `JSON.parse` alone spends seconds on a 4 MB `[[[[…`.
 */
export const MAX_NESTING_DEPTH = 64;

export const NESTING_DEPTH_ERROR = `body: nested deeper than ${MAX_NESTING_DEPTH} levels (the maximum nesting depth of a request body)`;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

type CodeAt = (index: number) => number;

/**
 * True when JSON text opens more than `max` objects/arrays at once, found by one pass over the
 * text that stops as soon as it knows, before anything parses or copies the body. Brackets
 * inside strings do not count. The text need not be valid JSON; parsing decides that later.
 * UTF-8 bytes are scanned as they are: multi-byte sequences never contain these ASCII bytes.
 */
export function jsonTextExceedsDepth(raw: string | Uint8Array, max: number = MAX_NESTING_DEPTH): boolean {
  const length = raw.length;
  const codeAt: CodeAt = typeof raw === 'string' ? (index) => raw.charCodeAt(index) : (index) => raw[index] ?? 0;
  let depth = 0;
  let inString = false;
  for (let index = 0; index < length; index++) {
    const code = codeAt(index);
    if (inString) {
      if (code === BACKSLASH) index++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) inString = true;
    else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) depth--;
  }
  return false;
}

/**
 * The same bound over a value a framework or a caller already parsed (the client validates what
 * it is given before sending). Iterative, so a value of any depth is measured without recursion;
 * cycles count as too deep rather than looping.
 */
export function valueExceedsDepth(value: unknown, max: number = MAX_NESTING_DEPTH): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 1 }];
  let visited = 0;
  while (stack.length > 0) {
    const next = stack.pop();
    if (next === undefined || next.value === null || typeof next.value !== 'object') continue;
    if (next.depth > max) return true;
    // A tree this bound allows has far fewer nodes than a 4 MB body; a cycle never ends.
    if (++visited > 4_194_304) return true;
    const children: unknown[] = Array.isArray(next.value) ? next.value : Object.values(next.value);
    for (const child of children) if (child !== null && typeof child === 'object') stack.push({ value: child, depth: next.depth + 1 });
  }
  return false;
}

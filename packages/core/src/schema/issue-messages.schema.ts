import { type z } from 'zod';

type RawIssue = z.core.$ZodRawIssue;

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function discriminatorValue(input: unknown, key: unknown): unknown {
  if (typeof input !== 'object' || input === null || typeof key !== 'string') return undefined;
  return Object.hasOwn(input, key) ? (input as Record<string, unknown>)[key] : undefined;
}

function sizeMessage(issue: RawIssue & { origin?: string; maximum?: unknown; minimum?: unknown }, bound: 'at most' | 'at least'): string {
  const limit = String(bound === 'at most' ? issue.maximum : issue.minimum);
  if (issue.origin === 'string') return bound === 'at least' && limit === '1' ? 'must not be empty' : `must be ${bound} ${limit} characters`;
  if (issue.origin === 'array' || issue.origin === 'set') return bound === 'at least' && limit === '1' ? 'must not be empty' : `must have ${bound} ${limit} items`;
  return `must be ${bound === 'at most' ? 'at most' : 'at least'} ${limit}`;
}

/**
 * Short, path-free messages for zod's built-in issues (`required`, `must be a string`...). Messages
 * written into the schemas themselves take precedence, as zod's error precedence goes.
 */
export const triggerkitErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'required';
      return `must be ${['array', 'object', 'int'].includes(issue.expected) ? 'an' : 'a'} ${issue.expected === 'int' ? 'integer' : issue.expected}, got ${describeType(issue.input)}`;
    case 'too_big':
      return sizeMessage(issue, 'at most');
    case 'too_small':
      return sizeMessage(issue, 'at least');
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'invalid_union':
      if ('note' in issue && issue.note === 'No matching discriminator') {
        const value = discriminatorValue(issue.input, issue.discriminator);
        return value === undefined ? 'required' : `unknown value ${quoted(value)}`;
      }
      return 'invalid value';
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
    case 'invalid_format':
      return `must be a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    default:
      return undefined;
  }
};

/** Longest echo of a caller's value in a message: enough to recognise it, never the caller's megabyte back. */
const MAX_ECHOED_CHARACTERS = 64;

function quoted(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length <= MAX_ECHOED_CHARACTERS ? text : `${text.slice(0, MAX_ECHOED_CHARACTERS)}… (${text.length} characters)`;
}

/** Parse options every triggerkit schema is parsed with, so nested hand-routed schemas phrase issues alike. */
export const PARSE_OPTIONS = { error: triggerkitErrorMap } as const;

/** `a.b[3].c` from zod's path segments; keys that would read ambiguously (empty, dots, brackets, spaces) become `["..."]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    const key = String(segment);
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (key === '' || /[.[\]\s"']/.test(key)) out += `[${JSON.stringify(key)}]`;
    else out += out === '' ? key : `.${key}`;
  }
  return out;
}

/** `path: message`, or the bare message for a problem at the root. */
export function formatIssue(issue: { path: readonly PropertyKey[]; message: string }, prefix: readonly PropertyKey[] = []): string {
  const path = formatPath([...prefix, ...issue.path]);
  return path === '' ? issue.message : `${path}: ${issue.message}`;
}

/**
 * Like `formatIssue`, but an unknown-keys issue becomes one line per key with the key in its path
 * (`workspaces[0].campaings: unknown field`), the way a typo is easiest to find.
 */
export function formatIssueLines(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => formatIssue({ path: [...issue.path, key], message: 'unknown field' }));
  return [formatIssue(issue)];
}

/**
 * Runs `schema` on `value` and copies its issues (paths prefixed by `at`) into a transform's or
 * refinement's context. Returns the parsed value, or undefined when it failed.
 */
export function parseInto<S extends z.ZodType>(
  schema: S,
  value: unknown,
  ctx: Pick<z.core.$RefinementCtx, 'addIssue'>,
  at: readonly PropertyKey[] = [],
): { ok: true; value: z.output<S> } | { ok: false } {
  // Parsing with an error map costs ~20x more in zod; the map only words the messages, so the
  // common valid case parses without it and only a failing value is parsed again for its issues.
  const fast = schema.safeParse(value);
  if (fast.success) return { ok: true, value: fast.data };
  const result = schema.safeParse(value, PARSE_OPTIONS);
  if (result.success) return { ok: true, value: result.data };
  for (const issue of result.error.issues) {
    ctx.addIssue({ code: 'custom', message: issue.message, path: [...at, ...issue.path], input: value, params: paramsOf(issue) });
  }
  return { ok: false };
}

function paramsOf(issue: z.core.$ZodIssue): Record<string, unknown> | undefined {
  return issue.code === 'custom' ? issue.params : { zodCode: issue.code };
}

/** A union's own message for a present but wrong value; a missing one still reads `required`. */
export function unionError(message: string): { error: (issue: { input?: unknown }) => string } {
  return { error: (issue) => (issue.input === undefined ? 'required' : message) };
}

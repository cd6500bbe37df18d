import { MAX_NESTING_DEPTH, valueExceedsDepth } from './nesting-depth.validation';
import { type z } from 'zod';
import {
  campaignDefinitionSchema,
  canvasDefinitionSchema,
  formatIssueLines,
  isPlainObject,
  mockServerConfigSchema,
  PARSE_OPTIONS,
  seedUserSchema,
  type MockServerConfig,
} from '../../schema';

export type MockConfigValidationResult = { ok: true; value: MockServerConfig } | { ok: false; errors: string[] };

/**
 * Validates the mock server's configuration (spec 13) and applies its defaults. An invalid file
 * reports its problems by path (`workspaces[0].campaigns[1].channel: ...`), unknown fields
 * included, so a typo such as `campaings` is reported rather than silently ignored; past
 * `MAX_LISTED_CONFIG_PROBLEMS` the rest are counted. Never throws, whatever the file's size.
 *
 * @example
 * const result = validateMockServerConfig(JSON.parse(readFileSync(file, 'utf8')));
 * if (!result.ok) { console.error(result.errors.join('\n')); process.exit(1); }
 */
export function validateMockServerConfig(input: unknown): MockConfigValidationResult {
  if (!isPlainObject(input)) return { ok: false, errors: ['configuration must be a JSON object'] };
  if (valueExceedsDepth(input)) return { ok: false, errors: [`configuration: nested deeper than ${MAX_NESTING_DEPTH} levels`] };
  try {
    const itemProblems = hasLongLists(input) ? listItemProblems(input) : [];
    if (itemProblems.length > 0) {
      const rest = mockServerConfigSchema.safeParse(withoutLongLists(input), PARSE_OPTIONS);
      return { ok: false, errors: capped([...(rest.success ? [] : rest.error.issues.flatMap(formatIssueLines)), ...itemProblems]) };
    }
    const result = mockServerConfigSchema.safeParse(input, PARSE_OPTIONS);
    if (result.success) return { ok: true, value: result.data };
    return { ok: false, errors: capped(result.error.issues.flatMap(formatIssueLines)) };
  } catch (error) {
    return { ok: false, errors: [`configuration could not be validated: ${error instanceof Error ? error.message : String(error)}`] };
  }
}

/** Problems past this many are counted, not listed: nobody reads 100,000 lines, and building them costs. */
export const MAX_LISTED_CONFIG_PROBLEMS = 100;

/** Lists longer than this in all are checked item by item first (see `listItemProblems`). */
const LONG_LISTS = 1_000;

const LIST_ITEM_SCHEMAS: ReadonlyArray<readonly [string, z.ZodType]> = [
  ['campaigns', campaignDefinitionSchema],
  ['canvases', canvasDefinitionSchema],
  ['users', seedUserSchema],
];

/**
 * The items of each workspace's lists, validated one at a time. zod gathers the issues of a whole
 * array with one spread call, which overflows the stack somewhere past 100,000 issues (a generated
 * file with 100k bad campaigns): item by item nothing is gathered in one call, and once the items
 * are valid, what the whole-file pass can still find is small.
 */
function listItemProblems(input: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const enough = MAX_LISTED_CONFIG_PROBLEMS * 10;
  for (const [w, workspace] of workspacesOf(input).entries()) {
    if (!isPlainObject(workspace)) continue;
    for (const [list, schema] of LIST_ITEM_SCHEMAS) {
      const items: unknown = workspace[list];
      if (!Array.isArray(items)) continue;
      for (const [i, item] of (items as unknown[]).entries()) {
        const result = schema.safeParse(item, PARSE_OPTIONS);
        if (result.success) continue;
        for (const issue of result.error.issues) problems.push(...formatIssueLines({ ...issue, path: ['workspaces', w, list, i, ...issue.path] }));
        // Past this many, counting the rest exactly buys nothing; the message says validation stopped.
        if (problems.length >= enough) return [...problems, `validation stopped after ${problems.length} problems`];
      }
    }
  }
  return problems;
}

function workspacesOf(input: Record<string, unknown>): unknown[] {
  return Array.isArray(input['workspaces']) ? (input['workspaces'] as unknown[]) : [];
}

function hasLongLists(input: Record<string, unknown>): boolean {
  let total = 0;
  for (const workspace of workspacesOf(input)) {
    if (!isPlainObject(workspace)) continue;
    for (const [list] of LIST_ITEM_SCHEMAS) total += Array.isArray(workspace[list]) ? (workspace[list] as unknown[]).length : 0;
  }
  return total > LONG_LISTS;
}

/** The file without the lists `listItemProblems` already checked, so the problems of everything else are listed too. */
function withoutLongLists(input: Record<string, unknown>): Record<string, unknown> {
  const workspaces = workspacesOf(input).map((workspace) => {
    if (!isPlainObject(workspace)) return workspace;
    const rest: Record<string, unknown> = { ...workspace };
    for (const [list] of LIST_ITEM_SCHEMAS) if (Array.isArray(rest[list])) rest[list] = [];
    return rest;
  });
  return { ...input, workspaces };
}

function capped(lines: readonly string[]): string[] {
  const unique = [...new Set(lines)];
  if (unique.length <= MAX_LISTED_CONFIG_PROBLEMS) return unique;
  return [...unique.slice(0, MAX_LISTED_CONFIG_PROBLEMS), `… and ${unique.length - MAX_LISTED_CONFIG_PROBLEMS} more problems`];
}

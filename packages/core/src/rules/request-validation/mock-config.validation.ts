import { MAX_NESTING_DEPTH, valueExceedsDepth } from './nesting-depth.validation';
import { formatIssueLines, isPlainObject, mockServerConfigSchema, PARSE_OPTIONS, type MockServerConfig } from '../../schema';

export type MockConfigValidationResult = { ok: true; value: MockServerConfig } | { ok: false; errors: string[] };

/**
 * Validates the mock server's configuration (spec 13) and applies its defaults. An invalid file
 * reports every problem by path (`workspaces[0].campaigns[1].channel: ...`), unknown fields
 * included, so a typo such as `campaings` is reported rather than silently ignored. Never throws.
 *
 * @example
 * const result = validateMockServerConfig(JSON.parse(readFileSync(file, 'utf8')));
 * if (!result.ok) { console.error(result.errors.join('\n')); process.exit(1); }
 */
export function validateMockServerConfig(input: unknown): MockConfigValidationResult {
  if (!isPlainObject(input)) return { ok: false, errors: ['configuration must be a JSON object'] };
  if (valueExceedsDepth(input)) return { ok: false, errors: [`configuration: nested deeper than ${MAX_NESTING_DEPTH} levels`] };
  try {
    const result = mockServerConfigSchema.safeParse(input, PARSE_OPTIONS);
    if (result.success) return { ok: true, value: result.data };
    return { ok: false, errors: [...new Set(result.error.issues.flatMap(formatIssueLines))] };
  } catch (error) {
    return { ok: false, errors: [`configuration could not be validated: ${error instanceof Error ? error.message : String(error)}`] };
  }
}

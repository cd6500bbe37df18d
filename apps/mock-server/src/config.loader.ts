import { readFile } from 'node:fs/promises';
import { configTemplateProblems, validateMockServerConfig, type MockServerConfig } from '@triggerkit/core';
import { withSuggestions } from './config.suggestions.ts';

/** The configuration used without --config: a `demo` workspace whose key has every permission. */
export const DEMO_CONFIG_URL = new URL('../demo.config.json', import.meta.url);

export type ConfigLoadResult =
  | { ok: true; config: MockServerConfig; source: string }
  | { ok: false; source: string; problems: string[] };

/** Reads, parses and validates a configuration file, Liquid templates included; every problem comes back by path, nothing throws. */
export async function loadConfig(file: string | undefined): Promise<ConfigLoadResult> {
  const source = file ?? 'demo configuration';
  let text: string;
  try {
    text = await readFile(file ?? DEMO_CONFIG_URL, 'utf8');
  } catch (error) {
    return { ok: false, source, problems: [`cannot read ${source}: ${reasonOf(error)}`] };
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    return { ok: false, source, problems: [`${source} is not valid JSON: ${jsonErrorAt(text, reasonOf(error))}`] };
  }
  return checkConfig(input, source);
}

/** Validates a configuration already in memory (`startMockServer({ config: {...} })`) exactly as a file's is validated. */
export function checkConfig(input: unknown, source: string): ConfigLoadResult {
  const result = validateMockServerConfig(input);
  if (!result.ok) return { ok: false, source, problems: withSuggestions(result.errors) };
  const templateProblems = configTemplateProblems(result.value);
  return templateProblems.length === 0 ? { ok: true, config: result.value, source } : { ok: false, source, problems: templateProblems };
}

/**
 * `line 3, column 7: Unexpected token ...` from V8's `... in JSON at position 42`: editors show
 * lines and columns, not character offsets. A message without a position (the text ended early)
 * points just past the last character.
 */
export function jsonErrorAt(text: string, message: string): string {
  const position = /\bat position (\d+)/.exec(message)?.[1];
  const offset = position === undefined ? (/end of JSON input/i.test(message) ? text.length : undefined) : Number(position);
  const reason = message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/\s+in JSON at position \d+/, '').replace(/\s+at position \d+/, '');
  if (offset === undefined) return reason;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return `line ${line}, column ${column}: ${reason}`;
}

/** Keys worth printing at start: only the demo's, since a user's own file holds their own secrets. */
export function demoKeysOf(config: MockServerConfig): string[] {
  return config.workspaces.flatMap((workspace) => workspace.api_keys.map((apiKey) => apiKey.key));
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

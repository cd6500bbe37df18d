import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the pact files live in the repository (committed, replayed by the verifications). */
export const COMMITTED_PACT_DIR = fileURLToPath(new URL('../pacts', import.meta.url));

/** The consumer and provider names of the repository's own contract. */
export const CONSUMER = 'triggerkit-client';
export const PROVIDER = 'braze-rest-api';

export const PACT_FILE_NAME = `${CONSUMER}-${PROVIDER}.json`;

/** `UPDATE_PACTS=1` makes the consumer tests copy what they generated over the committed files. */
export function shouldUpdatePacts(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.UPDATE_PACTS === '1' || env.UPDATE_PACTS === 'true';
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * A pact file without what changes from one run or machine to the next (the Pact library
 * versions in `metadata`), so two generations of the same contract compare equal.
 */
export function normalizedPact(text: string): Json {
  const pact = JSON.parse(text) as { [key: string]: Json };
  const metadata = pact.metadata;
  if (typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata)) {
    const { pactRust: _rust, 'pact-js': _js, ...stable } = metadata;
    return { ...pact, metadata: stable };
  }
  return pact;
}

/** Why the committed pact files differ from freshly generated ones; empty when they are up to date. */
export function stalePactProblems(generatedDir: string, committedDir: string): string[] {
  const generated = pactFilesIn(generatedDir);
  const committed = pactFilesIn(committedDir);
  const problems: string[] = [];
  for (const name of generated) {
    if (!committed.includes(name)) problems.push(`${name}: generated but not committed`);
    else if (JSON.stringify(normalizedPact(read(generatedDir, name))) !== JSON.stringify(normalizedPact(read(committedDir, name)))) {
      problems.push(`${name}: the committed file differs from what the consumer tests generate`);
    }
  }
  for (const name of committed) if (!generated.includes(name)) problems.push(`${name}: committed but no longer generated`);
  return problems;
}

/** Makes the committed pact files exactly the generated ones (copies them, removes those no longer generated). */
export function updateCommittedPacts(generatedDir: string, committedDir: string): void {
  mkdirSync(committedDir, { recursive: true });
  const generated = pactFilesIn(generatedDir);
  for (const name of pactFilesIn(committedDir)) if (!generated.includes(name)) rmSync(join(committedDir, name));
  for (const name of generated) copyFileSync(join(generatedDir, name), join(committedDir, name));
}

function pactFilesIn(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.json')).sort() : [];
}

function read(dir: string, name: string): string {
  return readFileSync(join(dir, name), 'utf8');
}

/**
 * Writes `generated/openapi.json` and `generated/json-schema/*.json` from the zod schemas.
 * Run with `pnpm -F @triggerkit/core generate`; a test fails when the committed files drift.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedArtifacts } from '../src/schema/json-schema';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'generated');
for (const [relative, text] of Object.entries(generatedArtifacts())) {
  const file = join(root, relative);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  console.log(`wrote ${file}`);
}

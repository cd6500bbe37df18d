import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Why `dist/cli.js` cannot run, or null when it is built and ready. */
    binProblem: string | null;
  }
}

const APP_DIR = fileURLToPath(new URL('..', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/** The bin imports these through node_modules at run time, so their builds must exist. */
const BUILT_DEPENDENCIES = ['packages/core/dist/index.js', 'packages/express/dist/index.js', 'packages/nestjs/dist/index.js', 'packages/fastify/dist/index.js'];

/**
 * The end-to-end tests run the bin exactly as users do (`node dist/cli.js`). The app itself is
 * rebuilt here when stale (a second or two: its ESM files only, without the library's
 * declarations) so a test never runs a stale bin; the packages it depends on come from the root
 * build, which `pnpm test` and CI run first. A problem is handed to the end-to-end
 * tests (which then fail with it) instead of thrown, so the unit tests still run.
 */
export default function buildBin(project: TestProject): void {
  project.provide('binProblem', problemBuildingBin());
}

function problemBuildingBin(): string | null {
  const missing = BUILT_DEPENDENCIES.filter((path) => !existsSync(`${REPO_ROOT}${path}`));
  if (missing.length > 0) {
    return `the mock server's end-to-end tests need the workspace built (missing ${missing.join(', ')}): run \`pnpm build\` at the repository root first`;
  }
  if (!isBinStale()) return null;
  const tsupPackage = createRequire(import.meta.url).resolve('tsup/package.json');
  const tsupCli = fileURLToPath(new URL('dist/cli-default.js', `file://${tsupPackage}`));
  const result = spawnSync(process.execPath, [tsupCli, '--silent'], { cwd: APP_DIR, encoding: 'utf8', env: { ...process.env, TRIGGERKIT_MOCK_BIN_ONLY: '1' } });
  if (result.status !== 0 || !existsSync(`${APP_DIR}dist/cli.js`)) {
    return `building apps/mock-server/dist/cli.js failed:\n${result.stdout}\n${result.stderr}`;
  }
  return null;
}

/**
 * Stale: missing, or older than a source file or the build's configuration. A fresh bin (after the
 * root `pnpm build`, as `pnpm test` runs it) is left as it is, so the packaging tests that pack this
 * app at the same time never see its dist/ half rewritten.
 */
function isBinStale(): boolean {
  const bin = `${APP_DIR}dist/cli.js`;
  if (!existsSync(bin)) return true;
  const built = statSync(bin).mtimeMs;
  const sources = readdirSync(`${APP_DIR}src`, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
  return [...sources, `${APP_DIR}tsup.config.ts`].some((file) => statSync(file).mtimeMs > built);
}

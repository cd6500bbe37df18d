import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type Options } from 'tsup';

// Two builds writing disjoint files of dist/, emptied once here before both start (tsup's own
// `clean` would run per build, side by side, and could remove the other one's output):
// - ESM: the bin (`cli`, its hashbang kept from src/cli.ts) and the library entry (`index`), sharing
//   chunks; each framework host is a chunk of its own, loaded on demand (an Express run never loads Nest).
// - CommonJS: the library entry for `require` (Jest's global setup, CommonJS test suites). `leven` is
//   ESM-only, so it is bundled there; `import.meta.url` (the inbox page, the demo configuration) is shimmed.
// Workspace packages and npm dependencies stay external (resolved from node_modules at run time), so
// the server runs the same code the adapters' users run. dist/ sits one level below the manifest, as
// src/ does: `../public/`, `../demo.config.json` and `../package.json` resolve from both.
//
// The end-to-end tests' setup (test/built-bin.setup.ts) sets TRIGGERKIT_MOCK_BIN_ONLY=1: it needs the
// ESM files only (the declarations alone take most of a minute), and replaces just those.
const binOnly = process.env.TRIGGERKIT_MOCK_BIN_ONLY === '1';
const OUT_DIR = 'dist';

if (binOnly) {
  for (const name of (existsSync(OUT_DIR) ? readdirSync(OUT_DIR, { withFileTypes: true }) : []).filter((entry) => entry.isFile() && /\.js(\.map)?$/.test(entry.name))) {
    rmSync(join(OUT_DIR, name.name));
  }
} else {
  rmSync(OUT_DIR, { recursive: true, force: true });
}

// Declarations against the built declarations of @triggerkit/core (turbo builds it first), not its
// source through the workspace-only `@triggerkit/source` condition: seconds instead of most of a minute.
const dtsOptions = { compilerOptions: { customConditions: [] } };

const common = { platform: 'node', target: 'node20', sourcemap: true, clean: false, outDir: OUT_DIR } satisfies Options;

export default defineConfig([
  { ...common, entry: { cli: 'src/cli.ts', index: 'src/index.ts' }, format: ['esm'], dts: binOnly ? false : { ...dtsOptions, entry: { index: 'src/index.ts' } } },
  ...(binOnly ? [] : [{ ...common, entry: { index: 'src/index.ts' }, format: ['cjs'], dts: dtsOptions, shims: true, noExternal: ['leven'] } satisfies Options]),
]);

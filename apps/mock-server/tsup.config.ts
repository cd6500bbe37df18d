import { defineConfig } from 'tsup';

// One ESM entry: the CLI. Workspace packages and npm dependencies stay external (resolved from
// node_modules at run time), so the bin runs the same code the adapters' users run.
export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  clean: true,
  banner: { js: '#!/usr/bin/env node' },
});

import { defineConfig, type Options } from 'tsup';

/** How every public package builds: ESM and CommonJS, each with its own declarations, for Node 20. */
export function packageBuild(options: Options = {}): ReturnType<typeof defineConfig> {
  return defineConfig({
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    ...options,
  });
}

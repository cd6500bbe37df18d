import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineProject, mergeConfig, type Plugin } from 'vitest/config';
import { sharedProjectConfig } from '../../vitest.shared.ts';

const ADAPTERS = new Set(['@triggerkit/express', '@triggerkit/nestjs', '@triggerkit/fastify']);

/**
 * Hosts import the adapters as users do: the built ESM entry of the copy pnpm injected next to the
 * host's framework major (so each adapter resolves `express` / `@nestjs/*` from that host), not the
 * workspace source that the `@triggerkit/source` condition would pick.
 */
const adaptersAsInstalled: Plugin = {
  name: 'triggerkit:adapters-as-installed',
  enforce: 'pre',
  resolveId(source, importer) {
    if (!ADAPTERS.has(source) || importer === undefined) return null;
    const manifest = createRequire(importer).resolve(`${source}/package.json`);
    return join(dirname(manifest), 'dist', 'index.js');
  },
};

export default mergeConfig(
  sharedProjectConfig,
  defineProject({
    plugins: [adaptersAsInstalled],
    test: {
      name: 'conformance',
      include: ['test/**/*.test.ts'],
      globalSetup: ['./test/adapters-built.setup.ts'],
      // Run the built adapters through Vite so that they and the tests share one @triggerkit/core (its source).
      server: { deps: { inline: [/[\\/]@triggerkit[\\/]/] } },
      testTimeout: 20_000,
      hookTimeout: 30_000,
    },
  }),
);

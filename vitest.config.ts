import { defineConfig } from 'vitest/config';

// Every workspace package with a vitest.config.ts is a project; `pnpm test` runs them all.
// Tests import workspace packages through their public entry points, resolved to source by the
// `@triggerkit/source` export condition so that they run without a prior build.
// Pact's libraries report usage to pact.io unless told not to; tests send nothing beyond 127.0.0.1.
process.env.PACT_DO_NOT_TRACK ??= 'true';

export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'apps/*/vitest.config.ts', 'contracts*/vitest.config.ts', 'scripts/vitest.config.ts', 'test-projects/vitest.config.ts', 'bench/vitest.config.ts'],
  },
});

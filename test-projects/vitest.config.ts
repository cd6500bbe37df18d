import { defineProject } from 'vitest/config';

// Installs and runs the packed packages outside the workspace, so nothing here resolves
// `@triggerkit/*` to source: the shared `@triggerkit/source` resolution is deliberately not used.
export default defineProject({
  test: {
    name: 'test-projects',
    include: ['test/**/*.test.ts'],
    globalSetup: ['./test/packed.setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});

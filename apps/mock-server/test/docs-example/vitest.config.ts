import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedProjectConfig } from '../../../../vitest.shared.ts';

// docs/mock-server.md's global setup example, run as a user's project runs it: its setup file starts
// the server, its test file sends and reads back. Started by docs-global-setup.e2e.test.ts.
const snippets = fileURLToPath(new URL('../../../../docs/snippets/', import.meta.url));

export default mergeConfig(
  sharedProjectConfig,
  defineConfig({
    root: snippets,
    // Vite's cache would otherwise land in docs/snippets/node_modules.
    cacheDir: fileURLToPath(new URL('../../node_modules/.vite/docs-example', import.meta.url)),
    test: {
      include: ['mock-server-suite.test.ts', 'readme-reminder-and-receipt.test.ts'],
      globalSetup: ['mock-server-global-setup.ts'],
    },
  }),
);

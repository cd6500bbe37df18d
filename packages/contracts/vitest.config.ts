import { defineProject, mergeConfig } from 'vitest/config';
import { sharedProjectConfig } from '../../vitest.shared.ts';

// Pact's native core is loaded by these tests too: one file at a time.
export default mergeConfig(
  sharedProjectConfig,
  defineProject({
    test: {
      name: 'contracts-kit',
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      fileParallelism: false,
      maxWorkers: 1,
    },
  }),
);

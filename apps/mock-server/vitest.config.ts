import { defineProject, mergeConfig } from 'vitest/config';
import { sharedProjectConfig } from '../../vitest.shared.ts';

export default mergeConfig(
  sharedProjectConfig,
  defineProject({
    test: {
      name: 'mock-server',
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      globalSetup: ['test/built-bin.setup.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  }),
);

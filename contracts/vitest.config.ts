import { defineProject, mergeConfig } from 'vitest/config';
import { sharedProjectConfig } from '../vitest.shared.ts';

// Pact's native core is not safe to use from parallel test files in one process: one file at a
// time, in one worker. Consumer tests run before the verification that replays their pact because
// both live in one file (`triggerkit-client.contract.test.ts`), not because of file order.
export default mergeConfig(
  sharedProjectConfig,
  defineProject({
    test: {
      name: 'contracts',
      include: ['test/**/*.test.ts'],
      fileParallelism: false,
      maxWorkers: 1,
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  }),
);

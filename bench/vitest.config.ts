import { defineProject } from 'vitest/config';

// Only the harness smoke test: the benchmarks themselves run in `pnpm bench`, never in `pnpm test`.
export default defineProject({
  test: { name: 'bench', include: ['test/**/*.test.ts'], testTimeout: 120_000 },
});

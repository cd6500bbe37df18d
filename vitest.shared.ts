import type { ViteUserConfig } from 'vitest/config';

const conditions = ['@triggerkit/source', 'module', 'node', 'development|production'];

/** Resolution settings every project shares: workspace packages resolve to their TypeScript source. */
export const sharedProjectConfig: ViteUserConfig = {
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@triggerkit/source'] } },
};

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain ESM script without declarations
import { buildSet, workspacePackages } from '../run.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function fixture(manifests: Record<string, object>): string {
  const root = mkdtempSync(join(tmpdir(), 'tk-run-'));
  for (const [dir, manifest] of Object.entries(manifests)) {
    mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, dir, 'package.json'), JSON.stringify(manifest));
  }
  return root;
}

describe('what `pnpm start` says it builds', () => {
  it('counts the package and the workspace packages it depends on, directly or not, once each', () => {
    const root = fixture({
      'packages/core': { name: '@x/core', dependencies: { zod: '^4' } },
      'packages/express': { name: '@x/express', dependencies: { '@x/core': 'workspace:^', express: '^5' } },
      'packages/unused': { name: '@x/unused' },
      'apps/server': { name: '@x/server', dependencies: { '@x/core': 'workspace:*', '@x/express': 'workspace:^' } },
    });
    expect(buildSet(workspacePackages(root), '@x/server').sort()).toEqual(['@x/core', '@x/express', '@x/server']);
  });

  it('for the mock server of this repository, names the mock server and core among them', () => {
    const set: string[] = buildSet(workspacePackages(repoRoot), '@triggerkit/mock-server');
    expect(set).toEqual(expect.arrayContaining(['@triggerkit/mock-server', '@triggerkit/core', '@triggerkit/express']));
  });
});

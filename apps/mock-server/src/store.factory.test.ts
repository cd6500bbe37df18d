import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMissingPackage, openStore, sqliteMissing } from './store.factory.ts';

async function importError(specifier: string): Promise<unknown> {
  return import(/* @vite-ignore */ specifier).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('openStore', () => {
  it('keeps everything in memory without a file (SQLite is not loaded)', async () => {
    expect(await openStore(undefined)).toBeUndefined();
  });

  it('opens the SQLite store when it is installed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'triggerkit-store-'));
    try {
      const store = await openStore(join(dir, 'mock.db'));
      expect(store?.durable).toBe(true);
      await store?.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('isMissingPackage', () => {
  it('recognises Node’s error for a package that is not installed', async () => {
    const error = await importError('@triggerkit/not-installed-anywhere');
    expect(isMissingPackage(error, '@triggerkit/not-installed-anywhere')).toBe(true);
  });

  it('does not take another missing package, or any other failure, for it', async () => {
    expect(isMissingPackage(await importError('@triggerkit/not-installed-anywhere'), '@triggerkit/store-sqlite')).toBe(false);
    expect(isMissingPackage(new Error("Cannot find package '@triggerkit/store-sqlite'"), '@triggerkit/store-sqlite')).toBe(false);
    expect(isMissingPackage(undefined, '@triggerkit/store-sqlite')).toBe(false);
  });

  it('says what to install, for a project and for npx', () => {
    expect(sqliteMissing('mock.db')).toBe(
      '--db needs @triggerkit/store-sqlite, an optional peer dependency that is not installed: add it next to @triggerkit/mock-server (npm install --save-dev @triggerkit/store-sqlite), or with npx: npx -p @triggerkit/mock-server -p @triggerkit/store-sqlite triggerkit-mock --db mock.db',
    );
  });
});

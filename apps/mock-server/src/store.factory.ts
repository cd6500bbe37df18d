import type { Store } from '@triggerkit/core';

const SQLITE_PACKAGE = '@triggerkit/store-sqlite';

/**
 * Undefined file: core's in-memory store (the engine's default). SQLite is loaded only when asked
 * for: `@triggerkit/store-sqlite` (and its native better-sqlite3) is an optional peer dependency, so
 * `npx @triggerkit/mock-server` and test suites in memory never install or compile it.
 */
export async function openStore(dbFile: string | undefined): Promise<Store | undefined> {
  if (dbFile === undefined) return undefined;
  let createSqliteStore: (typeof import('@triggerkit/store-sqlite'))['createSqliteStore'];
  try {
    ({ createSqliteStore } = await import('@triggerkit/store-sqlite'));
  } catch (error) {
    if (isMissingPackage(error, SQLITE_PACKAGE)) throw new Error(sqliteMissing(dbFile), { cause: error });
    throw error;
  }
  try {
    return createSqliteStore(dbFile);
  } catch (error) {
    throw new Error(`cannot open --db ${dbFile}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** What to install, for a project and for a one-off npx run. */
export function sqliteMissing(dbFile: string): string {
  return (
    `--db needs ${SQLITE_PACKAGE}, an optional peer dependency that is not installed: add it next to @triggerkit/mock-server ` +
    `(npm install --save-dev ${SQLITE_PACKAGE}), or with npx: npx -p @triggerkit/mock-server -p ${SQLITE_PACKAGE} triggerkit-mock --db ${dbFile}`
  );
}

/** True when the package itself cannot be found (not when one of its own imports fails: that error names a path inside it). */
export function isMissingPackage(error: unknown, name: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  return typeof message === 'string' && (message.includes(`Cannot find package '${name}'`) || message.includes(`Cannot find module '${name}'`));
}

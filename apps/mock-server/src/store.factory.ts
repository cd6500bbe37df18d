import type { Store } from '@triggerkit/core';

/** Undefined file: core's in-memory store (the engine's default). SQLite is loaded only when asked for. */
export async function openStore(dbFile: string | undefined): Promise<Store | undefined> {
  if (dbFile === undefined) return undefined;
  const { createSqliteStore } = await import('@triggerkit/store-sqlite');
  try {
    return createSqliteStore(dbFile);
  } catch (error) {
    throw new Error(`cannot open --db ${dbFile}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

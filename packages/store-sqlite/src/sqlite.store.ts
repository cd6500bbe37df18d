import { createInProcessStore, type Store } from '@triggerkit/core';
import Database from 'better-sqlite3';
import { migrate } from './sqlite.schema';
import { SqliteState } from './sqlite.state';

export interface SqliteStoreOptions {
  /**
   * `full` (default): every commit is fsynced to the WAL before it is acknowledged, so an
   * acknowledged write survives a process kill *and* an OS crash or power loss.
   * `normal`: with WAL, a commit is in the OS page cache when acknowledged; it survives a killed
   * process (SIGKILL, OOM) but the last commits may be lost if the machine itself goes down. Faster.
   */
  synchronous?: 'full' | 'normal';
  /** How long a write waits for another connection's lock before failing (multi-process use). Default 5,000 ms. */
  busyTimeoutMs?: number;
}

/**
 * A durable `Store` in one SQLite file (WAL mode): each unit of work (one engine request) is one
 * `BEGIN IMMEDIATE … COMMIT`, committed before its promise resolves. Pass `':memory:'` for a
 * private in-memory database. One process owns the file: per-profile locks live in its memory.
 *
 * @example
 * import { createSqliteStore } from '@triggerkit/store-sqlite';
 * const store = createSqliteStore('./triggerkit.db');
 * await store.unit((tx) => tx.saveProfile('acme', profile));
 * await store.close();
 */
export function createSqliteStore(filename: string, options: SqliteStoreOptions = {}): Store {
  const db = openDatabase(filename, options);
  try {
    migrate(db, filename);
    return createInProcessStore(new SqliteState(db));
  } catch (error) {
    db.close();
    throw error;
  }
}

function openDatabase(filename: string, options: SqliteStoreOptions): Database.Database {
  const db = new Database(filename, { timeout: options.busyTimeoutMs ?? 5_000 });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    db.pragma('foreign_keys = ON');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

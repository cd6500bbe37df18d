export { createSqliteStore, type SqliteStoreOptions } from './sqlite.store';
export { SCHEMA_VERSION } from './sqlite.schema';

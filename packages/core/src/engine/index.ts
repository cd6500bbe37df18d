export * from './parts';
export * from './engine.types';
export { createEngine } from './create-engine';
export * from './ports/store.port';
export { createMemoryStore } from './store/memory.store';
export { createInProcessStore } from './store/in-process.store';
export { createLockTable, type LockTable, type LockOwner } from './store/lock-table';
export { aliasKey, emailKey, profileEmailKey, profilePhone, type CommittedState, type ProfileRow, type WorkspaceChanges } from './store/committed-state';
export { createDueWork, type DueWork, type DueWorkOptions, type DueProcessed, type ProcessDueOptions } from './due/due-work.scheduler';

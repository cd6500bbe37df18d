export * from './parts';
export * from './engine.types';
export { createEngine } from './create-engine';
export * from './ports/store.port';
export * from './ports/profile-locks.port';
export { createMemoryStore } from './store/memory.store';
export { createProfileLocks } from './store/profile-locks';

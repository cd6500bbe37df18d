export { describeStoreContract, makeProfile } from './store.contract';
export { createFaultyStore, type FaultyStore, type StoreFaultKind } from './faulty-store';
export { recordingHandler } from './recording-handler';

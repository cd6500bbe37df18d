export { describeStoreContract, makeProfile } from './store.contract';
export { recordingHandler } from './recording-handler';

export { describeStoreContract, makeProfile } from './store.contract';

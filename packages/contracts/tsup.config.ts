import { packageBuild } from '../../tsup.package';

export default packageBuild({ external: ['@pact-foundation/pact'] });

import { packageBuild } from '../../tsup.package';

export default packageBuild({ entry: { index: 'src/index.ts', client: 'src/client.ts', testing: 'src/testing/index.ts' }, external: ['vitest'] });

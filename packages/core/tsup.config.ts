import { packageBuild } from '../../tsup.package';

// The country data is bundled: its package's Node entry loads every locale with a dynamic
// `require`, and a JSON import would need import attributes in the ESM build.
export default packageBuild({ entry: { index: 'src/index.ts', client: 'src/client.ts', testing: 'src/testing/index.ts' }, external: ['vitest'], noExternal: ['i18n-iso-countries'] });

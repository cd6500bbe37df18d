import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FrameworkInfo } from './host.types';

/**
 * What a host runs: `framework` resolved from the host package (`hostUrl`, its `import.meta.url`)
 * and from the adapter package the host installed, which must agree for the suite to mean anything.
 * A host without an adapter package (the fetch handler is core's) reports the framework once.
 */
export function frameworkInfo(hostUrl: string, framework: string, adapter?: { name: string; sees?: string }): FrameworkInfo {
  const hostRequire = createRequire(hostUrl);
  const version = versionOf(hostRequire, framework);
  if (adapter === undefined) return { name: framework, version, versionSeenByAdapter: version };
  const adapterRequire = createRequire(hostRequire.resolve(`${adapter.name}/package.json`));
  return { name: framework, version, versionSeenByAdapter: versionOf(adapterRequire, adapter.sees ?? framework) };
}

/** The installed version; a package whose exports hide its package.json (hono) is found from its entry, upwards. */
function versionOf(require: NodeJS.Require, name: string): string {
  let dir = dirname(require.resolve(name));
  while (dirname(dir) !== dir) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version: string };
      if (manifest.name === name) return manifest.version;
    } catch {
      // no package.json at this level
    }
    dir = dirname(dir);
  }
  throw new Error(`cannot find the package.json of ${name}`);
}

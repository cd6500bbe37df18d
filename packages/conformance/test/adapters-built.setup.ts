import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The hosts install the adapters as users do: their built `dist`, copied by pnpm (`injected`) next
// to the host's framework major. Rebuild an adapter whose build is missing or older than its source,
// and refresh the hosts' copies of it, so that the suite never tests a stale adapter.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const ADAPTERS = [
  { name: '@triggerkit/express', dir: join(root, 'packages/express'), hosts: ['hosts/express4', 'hosts/express5'] },
  { name: '@triggerkit/nestjs', dir: join(root, 'packages/nestjs'), hosts: ['hosts/nest11', 'hosts/nest12', 'hosts/nest11-fastify', 'hosts/nest12-fastify'] },
  { name: '@triggerkit/fastify', dir: join(root, 'packages/fastify'), hosts: ['hosts/fastify4', 'hosts/fastify5'] },
];
type Adapter = (typeof ADAPTERS)[number];

function newestSourceMs(dir: string): number {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.test.ts'))
    .reduce((newest, entry) => Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs), 0);
}

function buildIsStale(adapter: Adapter): boolean {
  const built = join(adapter.dir, 'dist', 'index.js');
  return !existsSync(built) || statSync(built).mtimeMs < newestSourceMs(join(adapter.dir, 'src'));
}

/** Where a host's copy of the adapter lives; it must be a copy (injected), not a link to the workspace package. */
function injectedCopy(adapter: Adapter, host: string): string {
  const copy = realpathSync(join(root, host, 'node_modules', adapter.name));
  if (copy === realpathSync(adapter.dir)) throw new Error(`${host} links ${adapter.name} instead of injecting it (dependenciesMeta.injected)`);
  return copy;
}

function copyIsStale(adapter: Adapter, copy: string): boolean {
  const file = (base: string) => join(base, 'dist', 'index.js');
  return !existsSync(file(copy)) || readFileSync(file(copy), 'utf8') !== readFileSync(file(adapter.dir), 'utf8');
}

function pnpmCommand(): [string, string[]] {
  const execPath = process.env.npm_execpath;
  return execPath?.includes('pnpm') ? [process.execPath, [execPath]] : ['pnpm', []];
}

export default function setup(): void {
  const [command, prefix] = pnpmCommand();
  for (const adapter of ADAPTERS) {
    if (buildIsStale(adapter)) execFileSync(command, [...prefix, 'run', 'build'], { cwd: adapter.dir, stdio: 'inherit' });
    for (const host of adapter.hosts) {
      const copy = injectedCopy(adapter, host);
      // pnpm re-copies after `pnpm run build` (.npmrc sync-injected-deps-after-scripts) when it knows the
      // injected copies; a filtered `pnpm add` can make it forget them, so refresh the build here too.
      if (!copyIsStale(adapter, copy)) continue;
      rmSync(join(copy, 'dist'), { recursive: true, force: true });
      cpSync(join(adapter.dir, 'dist'), join(copy, 'dist'), { recursive: true });
    }
  }
}

import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { PackedPackage } from './support/packed';
import { mustRun, pnpmCommand } from './support/processes';
import { isBuildStale, publicPackages, repositoryRoot, type PublicPackage } from './support/workspace';

// The tests check what a user installs: the tarballs `pnpm pack` makes of the built packages. A
// missing or stale build (say, `vitest run` without `pnpm build`) is rebuilt first; turbo's cache
// keeps that cheap, and `pnpm test` has built everything already.
async function buildIfStale(packages: PublicPackage[]): Promise<void> {
  const stale = packages.filter(isBuildStale);
  if (stale.length === 0) return;
  const [command, ...prefix] = pnpmCommand();
  const filters = stale.map((pkg) => `--filter=${pkg.name}...`);
  await mustRun(command, [...prefix, 'exec', 'turbo', 'run', 'build', '--output-logs=errors-only', ...filters], { cwd: repositoryRoot, timeoutMs: 600_000 });
}

async function pack(pkg: PublicPackage, into: string): Promise<PackedPackage> {
  const destination = join(into, pkg.name.replace(/^@/, '').replace('/', '-'));
  await mkdir(destination, { recursive: true });
  const [command, ...prefix] = pnpmCommand();
  await mustRun(command, [...prefix, 'pack', '--pack-destination', destination], { cwd: pkg.dir });
  const tarballs = (await readdir(destination)).filter((name) => name.endsWith('.tgz'));
  if (tarballs.length !== 1) throw new Error(`pnpm pack of ${pkg.name} left ${tarballs.length} tarballs in ${destination}`);
  return { ...pkg, tarball: join(destination, tarballs[0] as string) };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const packages = publicPackages();
  await buildIfStale(packages);
  const dir = await mkdtemp(join(tmpdir(), 'triggerkit-packed-'));
  project.provide('packed', await Promise.all(packages.map((pkg) => pack(pkg, dir))));
  return () => rm(dir, { recursive: true, force: true });
}

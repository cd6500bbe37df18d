import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface PublicPackage {
  name: string;
  /** Absolute path of the package's folder. */
  dir: string;
}

interface Manifest {
  name: string;
  private?: boolean;
}

/** The folders holding published packages: the libraries, and the apps (the mock server). */
const PACKAGE_FOLDERS = ['packages', 'apps'];

/** Every `packages/*` and `apps/*` a user can install: the ones not marked private. */
export function publicPackages(): PublicPackage[] {
  return PACKAGE_FOLDERS.map((top) => join(repositoryRoot, top))
    .flatMap((parent) => readdirSync(parent).map((folder) => join(parent, folder)))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({ name: manifest.name, dir }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function newestMtimeMs(dir: string): number {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && !/\.test\.ts$/.test(entry.name))
    .reduce((newest, entry) => Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs), 0);
}

const WORKSPACE_ONLY_CONDITION = '@triggerkit/source';

/** Every file the manifest points a user at: `main`, `module`, `types` and the `exports` targets. */
function publishedEntryFiles(manifest: Record<string, unknown>): string[] {
  const targets = (value: unknown): string[] => {
    if (typeof value === 'string') return [value];
    if (value === null || typeof value !== 'object') return [];
    return Object.entries(value).flatMap(([key, nested]) => (key === WORKSPACE_ONLY_CONDITION ? [] : targets(nested)));
  };
  return [manifest.main, manifest.module, manifest.types, manifest.exports].flatMap(targets);
}

/**
 * A build is stale when any file the manifest points at is missing (never built, or a build that
 * stopped before its declarations) or older than any source file it is built from.
 */
export function isBuildStale(pkg: PublicPackage): boolean {
  const manifest = JSON.parse(readFileSync(join(pkg.dir, 'package.json'), 'utf8')) as Record<string, unknown>;
  if (!publishedEntryFiles(manifest).every((file) => existsSync(join(pkg.dir, file)))) return true;
  return newestMtimeMs(join(pkg.dir, 'dist')) < newestMtimeMs(join(pkg.dir, 'src'));
}

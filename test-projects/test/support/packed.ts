import type { PublicPackage } from './workspace';

/** The public packages, packed by `pnpm pack` (workspace protocols rewritten) in the global setup. */
export interface PackedPackage extends PublicPackage {
  /** Absolute path of the `.tgz`. */
  tarball: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    packed: PackedPackage[];
  }
}

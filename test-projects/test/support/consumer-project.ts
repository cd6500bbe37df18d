import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { PackedPackage } from './packed';
import { mustRun, npmEnvironment, run, type ProcessResult } from './processes';

/** A throwaway project that installs tarballs and registry packages the way a user would. */
export interface ConsumerSpec {
  name: string;
  /** Folder under `consumers/` holding `main.ts`. */
  template: 'core' | 'express' | 'nest' | 'fastify' | 'fetch' | 'mock-server';
  /** Nest only: `consumers/nest-platforms/<platform>.ts`, copied next to the entry as `platform.ts`. */
  platform?: 'express' | 'fastify';
  /** Our packages, installed from their tarballs. */
  packages: readonly string[];
  /** Everything else, from the npm registry. */
  registry: readonly string[];
}

export const MODULE_FORMATS = [
  { format: 'esm', type: 'module' },
  { format: 'cjs', type: 'commonjs' },
] as const;
export type ModuleFormat = (typeof MODULE_FORMATS)[number]['format'];

const templates = join(import.meta.dirname, '..', '..', 'consumers');
// Kept between runs (under node_modules, so never committed): warm runs install from it.
const npmCache = join(import.meta.dirname, '..', '..', 'node_modules', '.cache', 'consumers-npm');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

// What a user's tsconfig for Node looks like: nodenext resolution (the `import` and `require`
// conditions by file), strict, library types checked too, decorators with metadata for Nest.
const tsconfig = {
  compilerOptions: {
    target: 'ES2022',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    strict: true,
    esModuleInterop: true,
    skipLibCheck: false,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    types: ['node'],
  },
  include: ['src'],
};

export class ConsumerProject {
  readonly dir: string;

  constructor(
    readonly spec: ConsumerSpec,
    parentDir: string,
  ) {
    this.dir = join(parentDir, spec.name);
  }

  /** Writes the project (the template once per module format) and installs its dependencies in one `npm install`. */
  async install(packed: readonly PackedPackage[]): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeJson(join(this.dir, 'package.json'), { name: `triggerkit-consumer-${this.spec.name}`, version: '0.0.0', private: true });
    await writeJson(join(this.dir, 'tsconfig.json'), tsconfig);
    for (const { format, type } of MODULE_FORMATS) {
      const src = join(this.dir, 'src', format);
      await cp(join(templates, this.spec.template), src, { recursive: true });
      await cp(join(templates, 'shared.config.ts'), join(src, 'shared.config.ts'));
      if (this.spec.platform !== undefined) await cp(join(templates, 'nest-platforms', `${this.spec.platform}.ts`), join(src, 'platform.ts'));
      await writeJson(join(src, 'package.json'), { type });
    }
    const tarballs = this.spec.packages.map((name) => tarballOf(packed, name));
    const flags = ['--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--no-package-lock', '--loglevel=error', `--cache=${npmCache}`];
    await mustRun('npm', ['install', ...flags, ...tarballs, ...this.spec.registry], { cwd: this.dir, env: npmEnvironment(), timeoutMs: 240_000 });
  }

  compile(): Promise<ProcessResult> {
    return run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: this.dir });
  }

  /** Runs the compiled entry of one format and parses the JSON line it reports. */
  async start(format: ModuleFormat): Promise<{ result: ProcessResult; report: unknown }> {
    const result = await run(process.execPath, [join('src', format, 'main.js')], { cwd: this.dir, timeoutMs: 60_000 });
    const lastLine = result.stdout.trim().split('\n').at(-1) ?? '';
    return { result, report: result.exitCode === 0 ? parseJson(lastLine) : undefined };
  }

  /** The version of a dependency as resolved from the project, or from one of its dependencies (`from`). */
  async installedVersion(name: string, from?: string): Promise<string> {
    const base = from === undefined ? join(this.dir, 'package.json') : createRequire(join(this.dir, 'package.json')).resolve(`${from}/package.json`);
    const manifestPath = createRequire(base).resolve(`${name}/package.json`);
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { version: string };
    return manifest.version;
  }
}

function tarballOf(packed: readonly PackedPackage[], name: string): string {
  const found = packed.find((pkg) => pkg.name === name);
  if (found === undefined) throw new Error(`${name} is not among the packed public packages: ${packed.map((pkg) => pkg.name).join(', ')}`);
  return found.tarball;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function writeJson(path: string, value: unknown): Promise<void> {
  return writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}

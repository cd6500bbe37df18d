import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ConsumerProject, MODULE_FORMATS, type ConsumerSpec } from './support/consumer-project';
import { npmEnvironment, run } from './support/processes';

// "As a user installs it": each consumer is a fresh project outside the workspace that installs the
// packed tarballs together with its framework from the npm registry, compiles `consumers/<template>/
// main.ts` with tsc (nodenext, as ESM and as CommonJS) and runs it: a real call on 127.0.0.1.
const packed = inject('packed');

const NODE_TYPES = '@types/node@^20.19.0';
// Nest's own project template has @types/express: @nestjs/platform-express's types import express.
// (@nestjs/platform-fastify's types come with fastify.)
const NEST_EXTRAS = ['reflect-metadata@^0.2.2', 'rxjs@^7.8.2', '@types/express@^5.0.0', NODE_TYPES];

// Everything the mock server depends on of ours; npm would otherwise look these versions up in the registry.
const MOCK_SERVER_PACKAGES = ['@triggerkit/mock-server', '@triggerkit/core', '@triggerkit/express', '@triggerkit/fastify', '@triggerkit/nestjs'];

/** The framework major a consumer installs, and the adapter that must resolve that same copy. */
interface Framework {
  name: string;
  major: number;
  adapter: string;
}

const CONSUMERS: readonly (ConsumerSpec & { framework?: Framework })[] = [
  { name: 'core', template: 'core', packages: ['@triggerkit/core'], registry: [NODE_TYPES] },
  {
    name: 'express4',
    template: 'express',
    packages: ['@triggerkit/core', '@triggerkit/express'],
    registry: ['express@^4.21.0', '@types/express@^4.17.21', NODE_TYPES],
    framework: { name: 'express', major: 4, adapter: '@triggerkit/express' },
  },
  {
    name: 'express5',
    template: 'express',
    packages: ['@triggerkit/core', '@triggerkit/express'],
    registry: ['express@^5.0.0', '@types/express@^5.0.0', NODE_TYPES],
    framework: { name: 'express', major: 5, adapter: '@triggerkit/express' },
  },
  {
    name: 'nest11',
    template: 'nest',
    packages: ['@triggerkit/core', '@triggerkit/nestjs'],
    platform: 'express',
    registry: ['@nestjs/common@^11.0.0', '@nestjs/core@^11.0.0', '@nestjs/platform-express@^11.0.0', ...NEST_EXTRAS],
    framework: { name: '@nestjs/common', major: 11, adapter: '@triggerkit/nestjs' },
  },
  {
    name: 'nest12',
    template: 'nest',
    packages: ['@triggerkit/core', '@triggerkit/nestjs'],
    platform: 'express',
    registry: ['@nestjs/common@^12.0.0', '@nestjs/core@^12.0.0', '@nestjs/platform-express@^12.0.0', ...NEST_EXTRAS],
    framework: { name: '@nestjs/common', major: 12, adapter: '@triggerkit/nestjs' },
  },
  {
    name: 'nest12-fastify',
    template: 'nest',
    packages: ['@triggerkit/core', '@triggerkit/nestjs'],
    platform: 'fastify',
    registry: ['@nestjs/common@^12.0.0', '@nestjs/core@^12.0.0', '@nestjs/platform-fastify@^12.0.0', 'reflect-metadata@^0.2.2', 'rxjs@^7.8.2', NODE_TYPES],
    framework: { name: '@nestjs/common', major: 12, adapter: '@triggerkit/nestjs' },
  },
  {
    name: 'fastify4',
    template: 'fastify',
    packages: ['@triggerkit/core', '@triggerkit/fastify'],
    registry: ['fastify@^4.28.0', NODE_TYPES],
    framework: { name: 'fastify', major: 4, adapter: '@triggerkit/fastify' },
  },
  {
    name: 'fastify5',
    template: 'fastify',
    packages: ['@triggerkit/core', '@triggerkit/fastify'],
    registry: ['fastify@^5.0.0', NODE_TYPES],
    framework: { name: 'fastify', major: 5, adapter: '@triggerkit/fastify' },
  },
  { name: 'fetch', template: 'fetch', packages: ['@triggerkit/core'], registry: ['hono@^4.0.0', '@hono/node-server@^2.0.0', NODE_TYPES] },
  // The mock server as a test suite's devDependency: its own dependencies come from the registry,
  // the optional @triggerkit/store-sqlite (and its native better-sqlite3) is not installed.
  { name: 'mock-server', template: 'mock-server', packages: MOCK_SERVER_PACKAGES, registry: [NODE_TYPES] },
];

const INVALID_CAMPAIGN_ID = 'campaign_id must be a string of the campaign api identifier';
const sent = { dispatch_id: expect.any(String), message: 'success' };
const invalidCampaignId = { message: INVALID_CAMPAIGN_ID, errors: [expect.stringContaining('campaign_id')] };

const EXPECTED_REPORTS: Record<ConsumerSpec['template'], unknown> = {
  core: {
    invalid: { ok: false, message: INVALID_CAMPAIGN_ID },
    valid: { ok: true },
    sent: { message: 'success', hasDispatchId: true },
    rejected: { thrown: true, isTriggerKitError: true, status: 400, message: 'Campaign does not exist' },
  },
  express: {
    order: { status: 201, body: sent },
    invalid: { status: 400, body: invalidCampaignId },
    unauthorized: { status: 401, body: { message: 'Invalid API key' } },
  },
  nest: {
    order: { status: 201, body: sent },
    hosted: { status: 201, body: sent },
    invalid: { status: 400, body: invalidCampaignId },
  },
  fastify: {
    order: { status: 201, body: sent },
    hosted: { status: 201, body: sent },
    invalid: { status: 400, body: invalidCampaignId },
    unauthorized: { status: 401, body: { message: 'Invalid API key' } },
  },
  fetch: {
    sent: { message: 'success', hasDispatchId: true },
    rejected: { thrown: true, isTriggerKitError: true, status: 400 },
    tooLarge: { status: 413, body: { message: 'Payload Too Large' } },
  },
  'mock-server': {
    url: true,
    sent: { message: 'success', hasDispatchId: true },
    messages: [{ subject: 'Hi', body: 'Hello Ann' }],
    portFreeAfterClose: true,
    demo: { keys: ['demo-key'], health: 200 },
    rejected: { thrown: true, isStartError: true, problems: ['workspaces[0].api_keys: required', "workspaces[0].campaings: unknown field; did you mean 'campaigns'?"] },
  },
};

// Installs are mostly network and disk: all of them start at once, and each consumer's tests wait
// for its own, so later installs overlap the earlier consumers' compiles (tsc is the CPU-bound part).
let workDir: string;
const installs = new Map<string, Promise<ConsumerProject>>();

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'triggerkit-consumers-'));
  for (const spec of CONSUMERS) {
    const project = new ConsumerProject(spec, workDir);
    const installed = project.install(packed).then(() => project);
    installed.catch(() => undefined); // reported by the consumer's own beforeAll, not as unhandled
    installs.set(spec.name, installed);
  }
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe.each(CONSUMERS)('a $name consumer of the packed packages', (spec) => {
  let project: ConsumerProject;

  beforeAll(async () => {
    project = await (installs.get(spec.name) as Promise<ConsumerProject>);
  });

  if (spec.framework !== undefined) {
    const { name, major, adapter } = spec.framework;
    it(`installs ${name} ${major}, the copy ${adapter} resolves`, async () => {
      const majorOf = (version: string): number => Number(version.split('.')[0]);
      expect(majorOf(await project.installedVersion(name))).toBe(major);
      expect(majorOf(await project.installedVersion(name, adapter))).toBe(major);
    });
  }

  it('compiles with tsc (nodenext, strict, library types checked)', async () => {
    const compiled = await project.compile();
    expect(compiled.exitCode, compiled.output).toBe(0);
  });

  it.each(MODULE_FORMATS)('runs a call as $format', async ({ format }) => {
    const { result, report } = await project.start(format);
    expect(result.exitCode, result.output).toBe(0);
    expect(report).toEqual(EXPECTED_REPORTS[spec.template]);
  });
});

// `npx @triggerkit/mock-server` runs this bin: here from the consumer's install, through the shim npm
// links (so the hashbang and the executable bit are part of the test), never from the registry.
describe('the installed triggerkit-mock bin', () => {
  let project: ConsumerProject;
  let bin: string;

  beforeAll(async () => {
    project = await (installs.get('mock-server') as Promise<ConsumerProject>);
    bin = join(project.dir, 'node_modules', '.bin', 'triggerkit-mock');
  });

  it('ships what the bin needs at run time (dist, the inbox page, the demo configuration) and nothing test-only', async () => {
    const tarball = packed.find((pkg) => pkg.name === '@triggerkit/mock-server')?.tarball ?? '';
    const listed = await run('tar', ['-tzf', tarball], { cwd: project.dir });
    expect(listed.exitCode, listed.output).toBe(0);
    const files = listed.stdout.trim().split('\n').map((entry) => entry.replace(/^package\//, ''));
    expect([...new Set(files.map((file) => file.split('/')[0]))].sort()).toEqual(['LICENSE', 'README.md', 'demo.config.json', 'dist', 'package.json', 'public']);
    expect(files).toEqual(expect.arrayContaining(['dist/cli.js', 'dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'public/index.html']));
    expect(files.filter((file) => /\.test\.|\.ts$/.test(file) && !/\.d\.c?ts$/.test(file))).toEqual([]);
  });

  it('prints the version of the package it was installed from', async () => {
    const manifest = JSON.parse(await readFile(join(project.dir, 'node_modules', '@triggerkit', 'mock-server', 'package.json'), 'utf8')) as { version: string };
    const result = await run(bin, ['--version'], { cwd: project.dir });
    expect(result.exitCode, result.output).toBe(0);
    expect(result.stdout).toBe(`${manifest.version}\n`);
  });

  it.each(['express', 'nestjs', 'fastify', 'nestjs-fastify'])('starts on a free port with --adapter %s, answers /_mock/health and stops with 0 on SIGTERM', async (adapter) => {
    const server = await startBin(bin, ['--port', '0', '--adapter', adapter], project.dir);
    try {
      const health = await fetch(`${await server.url}/_mock/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });

  it('says what to install when --db is given without the optional @triggerkit/store-sqlite', async () => {
    const result = await run(bin, ['--port', '0', '--db', 'mock.db'], { cwd: project.dir });
    expect(result.exitCode, result.output).toBe(1);
    expect(result.output).toContain(
      'triggerkit-mock: cannot start: --db needs @triggerkit/store-sqlite, an optional peer dependency that is not installed: add it next to @triggerkit/mock-server (npm install --save-dev @triggerkit/store-sqlite), or with npx: npx -p @triggerkit/mock-server -p @triggerkit/store-sqlite triggerkit-mock --db mock.db',
    );
  });
});

interface StartedBin {
  child: ChildProcess;
  /** The `url` of its `listening on` log line. */
  url: Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startBin(bin: string, args: readonly string[], cwd: string): StartedBin {
  const child = spawn(bin, args, { cwd, env: { ...npmEnvironment(), PORT: '', HOST: '', LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let output = '';
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const line = output.split('\n').find((text) => text.includes('"listening on'));
      if (line !== undefined) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    void exited.then((status) => reject(new Error(`triggerkit-mock exited (${JSON.stringify(status)}) before listening:\n${output}`)));
  });
  return { child, url, exited };
}

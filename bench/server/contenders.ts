/**
 * The servers of the server benchmark and how each one is started, probed and checked. Each is a
 * separate process pinned to the server core; every command is the one a user would run.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { httpCall } from './http-call.ts';
import { API_KEY, RECIPIENTS_PER_REQUEST } from './request-body.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const require = createRequire(import.meta.url);
export const MOCK_SERVER_CLI = join(repoRoot, 'apps', 'mock-server', 'dist', 'cli.js');
const OPENAPI = join(repoRoot, 'packages', 'core', 'generated', 'openapi.json');

/** What one round needs to start a server in `workDir` on `port`. */
export interface LaunchContext {
  port: number;
  workDir: string;
  /** The mock server configuration file. */
  configFile: string;
}

export interface Contender {
  /** Stable key in results/latest.json and for `--only`. */
  id: string;
  label: string;
  /** The ratio baseline. */
  baseline?: true;
  command(context: LaunchContext): { file: string; args: string[] };
  /** `health`: the first 200 from GET /_mock/health; `request`: the first 2xx to the benchmark request (Prism serves only the spec's paths). */
  readiness: 'health' | 'request';
  /** Throws unless a 2xx to `body` shows that the server did its whole job. */
  verify(url: string, body: string): Promise<void>;
}

const VERIFY_TIMEOUT_MS = 180_000;

export const JSON_HEADERS = { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` };

async function post(url: string, body: string): Promise<{ status: number; json: Record<string, unknown> }> {
  // Generous: the check waits behind whatever the warm-up left queued (50 SQLite requests take seconds each).
  const { status, text } = await httpCall(`${url}/campaigns/trigger/send`, { method: 'POST', headers: JSON_HEADERS, body, timeoutMs: VERIFY_TIMEOUT_MS });
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // reported below with the status
  }
  if (status !== 201) throw new Error(`expected 201, got ${status}: ${text.slice(0, 300)}`);
  return { status, json };
}

/** The mock server really created and sent to all 50: its own dispatch record says so. */
async function verifyMockServer(url: string, body: string): Promise<void> {
  const { json } = await post(url, body);
  const dispatchId = String(json['dispatch_id']);
  const answer = await httpCall(`${url}/_mock/dispatches/${encodeURIComponent(dispatchId)}`, { headers: JSON_HEADERS, timeoutMs: VERIFY_TIMEOUT_MS });
  const dispatch = JSON.parse(answer.text) as { recipients?: { outcome: string; created: boolean }[] };
  const good = (dispatch.recipients ?? []).filter((recipient) => recipient.outcome === 'sent' && recipient.created);
  if (good.length !== RECIPIENTS_PER_REQUEST) {
    throw new Error(`expected ${RECIPIENTS_PER_REQUEST} recipients created and sent, got ${good.length}: ${JSON.stringify(dispatch).slice(0, 300)}`);
  }
}

function mockServer(adapter: string, store: 'memory' | 'sqlite'): Contender {
  return {
    id: `triggerkit-${adapter}-${store}`,
    label: `triggerkit, ${adapter} adapter, ${store === 'memory' ? 'memory' : 'SQLite (`--db`)'}`,
    command: ({ port, workDir, configFile }) => ({
      file: process.execPath,
      args: [MOCK_SERVER_CLI, '--config', configFile, '--port', String(port), '--adapter', adapter, ...(store === 'sqlite' ? ['--db', join(workDir, 'bench.db')] : [])],
    }),
    readiness: 'health',
    verify: verifyMockServer,
  };
}

/** The adapters the built mock server offers, read from its own `--help` (fastify ones appear once they exist). */
export function mockServerAdapters(): string[] {
  const help = spawnSync(process.execPath, [MOCK_SERVER_CLI, '--help'], { encoding: 'utf8' });
  if (help.status !== 0) throw new Error(`cannot run ${MOCK_SERVER_CLI} --help (build it first: pnpm build): ${help.stderr}`);
  const choices = /--adapter\s+([\w|-]+)/.exec(help.stdout)?.[1];
  if (choices === undefined) throw new Error('the mock server --help names no --adapter choices');
  return choices.split('|');
}

function wiremockJar(): string {
  const directory = join(dirname(require.resolve('wiremock/package.json')), 'build');
  const jar = readdirSync(directory).find((name) => /^wiremock-standalone-.*\.jar$/.test(name));
  if (jar === undefined) throw new Error(`no WireMock jar in ${directory}`);
  return join(directory, jar);
}

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
}

/** Why a contender cannot run on this machine, or undefined. */
export function missingTool(contender: Contender): string | undefined {
  if (contender.id !== 'wiremock') return undefined;
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  return java.status === 0 ? undefined : 'java is not on the PATH (WireMock needs Java 11+)';
}

export function javaVersion(): string | undefined {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  return java.status === 0 ? java.stderr.split('\n')[0]?.trim() : undefined;
}

const bare: Contender = {
  id: 'bare',
  label: 'bare `node:http` (parse + 201)',
  baseline: true,
  command: ({ port }) => ({ file: process.execPath, args: [join(here, 'bare-server.mjs'), String(port)] }),
  readiness: 'health',
  async verify(url, body) {
    const { json } = await post(url, body);
    if (!String(json['dispatch_id']).endsWith(`-${RECIPIENTS_PER_REQUEST}`)) throw new Error(`bare server did not parse the body: ${JSON.stringify(json)}`);
  },
};

const wiremock: Contender = {
  id: 'wiremock',
  label: `WireMock ${packageVersion('wiremock')} static stub (no journal)`,
  command: ({ port }) => ({
    file: 'java',
    args: ['-jar', wiremockJar(), '--port', String(port), '--bind-address', '127.0.0.1', '--root-dir', join(here, 'wiremock'), '--no-request-journal', '--disable-banner'],
  }),
  readiness: 'health',
  async verify(url, body) {
    await post(url, body);
  },
};

const prism: Contender = {
  id: 'prism',
  label: `Prism ${packageVersion('@stoplight/prism-cli')} mocking the generated OpenAPI`,
  command: ({ port }) => ({
    file: process.execPath,
    args: [join(dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist', 'index.js'), 'mock', '-h', '127.0.0.1', '-p', String(port), OPENAPI],
  }),
  readiness: 'request',
  async verify(url, body) {
    // Prism validates the body against the schema and answers 422 when it does not match.
    await post(url, body);
  },
};

/** Every contender, the baseline first: bare, WireMock, Prism, then the mock server per adapter and store. */
export function allContenders(): Contender[] {
  const triggerkit = mockServerAdapters().flatMap((adapter) => [mockServer(adapter, 'memory'), mockServer(adapter, 'sqlite')]);
  return [bare, wiremock, prism, ...triggerkit];
}

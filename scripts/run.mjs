#!/usr/bin/env node
// Entry point of the root `start`, `test` and `bench` scripts. A fresh clone has no node_modules
// and no builds, so each command first makes sure both exist (turbo's cache keeps this cheap),
// then runs. Arguments after the command are passed through unchanged.
//
// Process handling (`pnpm start` runs pnpm → this script, `exec`ed by pnpm's shell → the server;
// without `exec`, Debian's sh would wait for us and then kill itself with Ctrl-C's SIGINT anyway,
// and pnpm would report a failure):
// - SIGINT, SIGTERM and SIGHUP are passed to the running child; this script waits for it and exits
//   with its code (0 when the server stopped gracefully), so Ctrl-C returns the prompt only once
//   the server has stopped.
// - The server runs in its own process group and gets each signal exactly once, from here (a
//   terminal's Ctrl-C would otherwise reach it twice, and a second signal means "stop now").
// - `kill <pid of pnpm>`: pnpm passes SIGTERM on. Should pnpm (or a shell between) die without
//   passing it on, this script notices that its parent changed and stops the server as for SIGTERM.
// - If this script dies anyway (SIGKILL), the server notices its IPC channel closing and stops.
//
// TRIGGERKIT_SKIP_BUILD=1 skips the install and build checks (when you built yourself, or in tests
// that must not rebuild files other tests are running).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const PARENT_POLL_MS = 200;
const SAME_SIGNAL_MS = 300;
const HEARTBEAT_MS = 15_000;

/** The child running now, whether it shares our process group, the first stop request and the last signal passed on. */
const state = { child: undefined, ownGroup: false, stopping: undefined, forwarded: undefined };

function onStopRequest(signal) {
  state.stopping ??= signal;
  const { child } = state;
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  // A child in our process group got a terminal's Ctrl-C from the terminal already.
  if (state.ownGroup && signal === 'SIGINT') return;
  // One Ctrl-C reaches this script twice, from the terminal and relayed by pnpm; the server must
  // see it once, since a second signal tells it to cut open connections. A real second Ctrl-C comes later.
  const now = performance.now();
  if (state.forwarded?.signal === signal && now - state.forwarded.at < SAME_SIGNAL_MS) return;
  state.forwarded = { signal, at: now };
  child.kill(signal);
}

function superviseSignals() {
  for (const signal of FORWARDED_SIGNALS) process.on(signal, () => onStopRequest(signal));
  const parent = process.ppid;
  const poll = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(poll);
    onStopRequest('SIGTERM');
  }, PARENT_POLL_MS);
  poll.unref();
}

function exitCodeOf(code, signal) {
  if (code !== null) return code;
  return 128 + (constants.signals[signal] ?? 0);
}

/**
 * Runs one child to its end and resolves with its exit code; signals reach it as described above.
 * `server: true` gives it its own process group and an IPC channel it watches for our death.
 */
function runChild(bin, args, { server = false, ...options } = {}) {
  if (state.stopping !== undefined) return Promise.resolve(exitCodeOf(null, state.stopping));
  const detached = server && process.platform !== 'win32';
  const stdio = server ? ['ignore', 'inherit', 'inherit', 'ipc'] : 'inherit';
  const child = spawn(bin, args, { cwd: root, stdio, detached, ...options });
  state.child = child;
  state.ownGroup = !detached;
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      state.child = undefined;
      resolve(exitCodeOf(code, signal));
    });
  });
}

function pnpm(pnpmArgs, options = {}) {
  const execPath = process.env.npm_execpath ?? '';
  const [bin, prefix] = /pnpm/.test(execPath) ? [process.execPath, [execPath]] : ['npx', ['--yes', 'pnpm@10.34.9']];
  return runChild(bin, [...prefix, ...pnpmArgs], options);
}

function must(status) {
  if (status !== 0) process.exit(status);
}

/** Says what a long step is about to do, on stderr so the server's JSON lines on stdout stay clean. */
function progress(message) {
  process.stderr.write(`triggerkit: ${message}\n`);
}

function seconds(since) {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

/**
 * Runs one long step: says what it starts, that it is still at it every little while (the build
 * prints only errors), and how long it took. A failed step ends this script with the step's code.
 */
async function step({ doing, done }, run) {
  progress(`${doing}…`);
  const started = performance.now();
  const heartbeat = setInterval(() => progress(`still ${doing.replace(/ \(.*$/, '')} (${seconds(started)} so far)…`), HEARTBEAT_MS);
  try {
    must(await run());
  } finally {
    clearInterval(heartbeat);
  }
  progress(`${done} in ${seconds(started)}`);
}

async function ensureInstalled() {
  if (existsSync(join(root, 'node_modules', '.modules.yaml'))) return;
  await step(
    { doing: 'installing dependencies (pnpm install --frozen-lockfile; the first time compiles better-sqlite3)', done: 'dependencies installed' },
    () => pnpm(['install', '--frozen-lockfile']),
  );
}

// The mock server's inbox tests drive a real headless Chromium. On a fresh Debian machine (as CI's),
// install the distribution's package; elsewhere say what is missing and let those tests explain.
async function ensureChromium() {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(path)) return;
  const canInstall = process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!canInstall) {
    console.warn(`Chromium not found at ${path}: the inbox browser tests will fail (apt-get install -y chromium, or set CHROMIUM_PATH).`);
    return;
  }
  progress('installing Chromium for the inbox browser tests (apt-get install -y chromium)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  must(await runChild('apt-get', ['update'], { env }));
  must(await runChild('apt-get', ['install', '-y', 'chromium'], { env }));
}

/** Workspace packages by name, with their directory and the workspace packages they depend on. */
export function workspacePackages(repoRoot) {
  const packages = new Map();
  for (const group of ['packages', 'apps']) {
    const groupDir = join(repoRoot, group);
    if (!existsSync(groupDir)) continue;
    for (const entry of readdirSync(groupDir, { withFileTypes: true })) {
      const manifest = join(groupDir, entry.name, 'package.json');
      if (!entry.isDirectory() || !existsSync(manifest)) continue;
      const { name, dependencies = {} } = JSON.parse(readFileSync(manifest, 'utf8'));
      const workspaceDeps = Object.entries(dependencies).filter(([, range]) => String(range).startsWith('workspace:'));
      packages.set(name, { dir: join(group, entry.name), dependencies: workspaceDeps.map(([dep]) => dep) });
    }
  }
  return packages;
}

/** `name` and every workspace package it depends on, directly or not: what `turbo --filter=name...` builds. */
export function buildSet(packages, name) {
  const seen = new Set();
  const visit = (current) => {
    if (seen.has(current) || !packages.has(current)) return;
    seen.add(current);
    for (const dep of packages.get(current).dependencies) visit(dep);
  };
  visit(name);
  return [...seen];
}

async function build(filter) {
  const count = filter ? buildSet(workspacePackages(root), filter).length : undefined;
  const quiet = ['--output-logs=errors-only'];
  await step(
    { doing: `building ${count === undefined ? 'every package' : `${count} packages`} (turbo; about a minute the first time, cached after)`, done: 'built' },
    () => pnpm(['exec', 'turbo', 'run', 'build', ...quiet, ...(filter ? [`--filter=${filter}...`] : [])]),
  );
}

function skipBuild() {
  return process.env.TRIGGERKIT_SKIP_BUILD === '1';
}

const commands = {
  async test(args) {
    await ensureInstalled();
    await ensureChromium();
    await build();
    return pnpm(['exec', 'vitest', 'run', ...args]);
  },
  async bench(args) {
    await ensureInstalled();
    await build();
    return pnpm(['exec', 'turbo', 'run', 'bench', '--concurrency=1', ...args]);
  },
  async start(args) {
    if (!skipBuild()) {
      await ensureInstalled();
      await build('@triggerkit/mock-server');
    }
    const cli = join(root, 'apps', 'mock-server', 'dist', 'cli.js');
    return runChild(process.execPath, [cli, ...args], { server: true });
  },
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [command, ...args] = process.argv.slice(2);
  const run = commands[command];
  if (!run) {
    console.error(`usage: node scripts/run.mjs ${Object.keys(commands).join('|')} [args...]`);
    process.exit(2);
  }
  superviseSignals();
  process.exit(await run(args));
}

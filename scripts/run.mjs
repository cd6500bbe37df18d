#!/usr/bin/env node
// Entry point of the root `start`, `test` and `bench` scripts. A fresh clone has no node_modules
// and no builds, so each command first makes sure both exist (turbo's cache keeps this cheap),
// then runs. Arguments after the command are passed through unchanged.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [command, ...args] = process.argv.slice(2);

function pnpm(pnpmArgs, options = {}) {
  const execPath = process.env.npm_execpath ?? '';
  const [bin, prefix] = /pnpm/.test(execPath)
    ? [process.execPath, [execPath]]
    : ['npx', ['--yes', 'pnpm@10.34.9']];
  const result = spawnSync(bin, [...prefix, ...pnpmArgs], { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function must(status) {
  if (status !== 0) process.exit(status);
}

function ensureInstalled() {
  if (!existsSync(join(root, 'node_modules', '.modules.yaml'))) {
    must(pnpm(['install', '--frozen-lockfile']));
  }
}

// The mock server's inbox tests drive a real headless Chromium. On a fresh Debian machine (as CI's),
// install the distribution's package; elsewhere say what is missing and let those tests explain.
function ensureChromium() {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(path)) return;
  const canInstall = process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!canInstall) {
    console.warn(`Chromium not found at ${path}: the inbox browser tests will fail (apt-get install -y chromium, or set CHROMIUM_PATH).`);
    return;
  }
  console.log('Installing Chromium for the inbox browser tests (apt-get install -y chromium)...');
  const apt = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status;
  must(apt(['update']));
  must(apt(['install', '-y', 'chromium']));
}

function build(filter) {
  const quiet = ['--output-logs=errors-only'];
  must(pnpm(['exec', 'turbo', 'run', 'build', ...quiet, ...(filter ? [`--filter=${filter}...`] : [])]));
}

const commands = {
  test() {
    ensureInstalled();
    ensureChromium();
    build();
    return pnpm(['exec', 'vitest', 'run', ...args]);
  },
  bench() {
    ensureInstalled();
    build();
    return pnpm(['exec', 'turbo', 'run', 'bench', '--concurrency=1', ...args]);
  },
  start() {
    ensureInstalled();
    build('@triggerkit/mock-server');
    const cli = join(root, 'apps', 'mock-server', 'dist', 'cli.js');
    const child = spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit' });
    return child.status ?? (child.signal ? 0 : 1);
  },
};

const run = commands[command];
if (!run) {
  console.error(`usage: node scripts/run.mjs ${Object.keys(commands).join('|')} [args...]`);
  process.exit(2);
}
process.exit(run());

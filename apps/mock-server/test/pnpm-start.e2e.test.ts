import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseLogLines, requireBuiltBin, type Exited } from './bin.helper.ts';

beforeAll(requireBuiltBin);

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const RUN_SCRIPT = fileURLToPath(new URL('../../../scripts/run.mjs', import.meta.url));
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 15_000;

interface Started {
  child: ChildProcess;
  port: number;
  serverPid: number;
  /** scripts/run.mjs, the server's parent. */
  runPid: number;
  exited: Promise<Exited>;
  output(): { stdout: string; stderr: string };
}

const started: Started[] = [];
afterEach(() => {
  // A failed assertion must not leave anything behind: kill whatever is still up.
  for (const { child, serverPid, runPid } of started.splice(0)) {
    for (const pid of [serverPid, runPid, child.pid]) if (pid !== undefined && isRunning(pid)) process.kill(pid, 'SIGKILL');
  }
});

/** `pnpm start --port 0` as a user runs it, in its own process group (as a terminal's job). */
function pnpmStart(): Promise<Started> {
  const execPath = process.env.npm_execpath ?? '';
  const [bin, prefix] = /pnpm/.test(execPath) ? [process.execPath, [execPath]] : ['pnpm', []];
  return startIn(spawnDetached(bin, [...prefix, 'start', '--port', '0']));
}

/** `node scripts/run.mjs start --port 0` without pnpm above it. */
function runScriptStart(): Promise<Started> {
  return startIn(spawnDetached(process.execPath, [RUN_SCRIPT, 'start', '--port', '0']));
}

function spawnDetached(bin: string, args: string[]): ChildProcess {
  // The build is skipped: rebuilding dist/ would pull it from under the other end-to-end tests.
  return spawn(bin, args, {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TRIGGERKIT_SKIP_BUILD: '1', LOG_LEVEL: 'info', PORT: '', HOST: '' },
  });
}

function startIn(child: ChildProcess): Promise<Started> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<Exited>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not listening within ${START_TIMEOUT_MS} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`)), START_TIMEOUT_MS);
    const poll = setInterval(() => {
      const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr)?.[1];
      const listening = parseLogLines(stdout).find((line) => line.msg.startsWith('listening on'));
      if (port === undefined || listening === undefined) return;
      clearInterval(poll);
      clearTimeout(timer);
      const serverPid = Number(listening.pid);
      const running: Started = { child, port: Number(port), serverPid, runPid: Number(ps(serverPid, 'ppid')), exited, output: () => ({ stdout, stderr }) };
      started.push(running);
      resolve(running);
    }, 50);
    void exited.then(({ code, signal }) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`exited before listening (code ${code}, signal ${signal})\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    });
  });
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<T>((_resolve, reject) => setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms))]);
}

/** Whether anything accepts connections on the port. */
function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Alive and not a zombie (an orphan's zombie lingers until pid 1 reaps it, which in a container may be never). */
function isRunning(pid: number): boolean {
  const state = ps(pid, 'stat');
  return state !== '' && !state.startsWith('Z');
}

function ps(pid: number, field: 'stat' | 'ppid'): string {
  const result = spawnSync('ps', ['-o', `${field}=`, '-p', String(pid)], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : '';
}

async function eventually(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

function serverLog(running: Started): string[] {
  return parseLogLines(running.output().stdout)
    .filter((line) => line.pid === running.serverPid)
    .map((line) => line.msg);
}

describe.skipIf(process.platform === 'win32')('pnpm start: process handling', () => {
  it('SIGTERM to pnpm stops the server gracefully; nothing is left running or listening', async () => {
    const running = await pnpmStart();
    expect(await accepting(running.port)).toBe(true);
    running.child.kill('SIGTERM');
    const exited = await within(running.exited, STOP_TIMEOUT_MS, 'pnpm did not exit');
    expect(await eventually(async () => !isRunning(running.serverPid) && !(await accepting(running.port)), 2_000)).toBe(true);
    expect(exited).toEqual({ code: 0, signal: null });
    expect(serverLog(running)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
    expect(isRunning(running.runPid)).toBe(false);
  });

  it('Ctrl-C (SIGINT to the process group) stops the server before pnpm exits, and pnpm exits 0', async () => {
    const running = await pnpmStart();
    process.kill(-(running.child.pid as number), 'SIGINT');
    const exited = await within(running.exited, STOP_TIMEOUT_MS, 'pnpm did not exit');
    expect(exited).toEqual({ code: 0, signal: null });
    // Stopped already when pnpm handed the prompt back, and told to stop once, not twice.
    expect(serverLog(running).filter((msg) => msg !== 'request')).toEqual(['listening on ' + `http://127.0.0.1:${running.port}`, 'shutting down', 'stopped']);
    expect(await accepting(running.port)).toBe(false);
    expect(running.output().stderr).not.toContain('ELIFECYCLE');
  });

  it('the server stops when scripts/run.mjs dies without passing anything on (SIGKILL)', async () => {
    const running = await runScriptStart();
    running.child.kill('SIGKILL');
    await within(running.exited, STOP_TIMEOUT_MS, 'run.mjs did not exit');
    expect(await eventually(async () => !isRunning(running.serverPid) && !(await accepting(running.port)), 5_000)).toBe(true);
  });

  it('a shell between that dies without passing SIGTERM on: run.mjs notices its parent changed and stops the server', async () => {
    // sh -c 'node run.mjs ...; true' keeps dash from exec-ing node, as pnpm's shell does without `exec`.
    const running = await startIn(spawnDetached('sh', ['-c', `"${process.execPath}" "${RUN_SCRIPT}" start --port 0; true`]));
    running.child.kill('SIGKILL');
    await within(running.exited, STOP_TIMEOUT_MS, 'sh did not exit');
    expect(await eventually(async () => !isRunning(running.serverPid) && !(await accepting(running.port)), 5_000)).toBe(true);
    expect(await eventually(() => !isRunning(running.runPid), 2_000)).toBe(true);
  });
});

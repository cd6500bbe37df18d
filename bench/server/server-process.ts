/**
 * Starting a contender pinned to its core, timing its start-up, and stopping it for sure.
 * Output goes to a file in the round's directory, never through this process: reading a chatty
 * server's log would spend the load generator's core.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import type { Contender, LaunchContext } from './contenders.ts';
import { JSON_HEADERS } from './contenders.ts';
import { httpCall } from './http-call.ts';

export interface Pinning {
  /** False where `taskset` or a second core is missing: the run says so in its results. */
  enabled: boolean;
  serverCpu: number;
  loadCpu: number;
}

/** Pins this process (the load generator, every thread) to `loadCpu`; servers get `serverCpu`. */
export function pinLoadGenerator(serverCpu: number, loadCpu: number, cores: number): Pinning {
  const hasTaskset = spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status === 0;
  if (!hasTaskset || cores < 2) return { enabled: false, serverCpu, loadCpu };
  const pinned = spawnSync('taskset', ['-a', '-cp', String(loadCpu), String(process.pid)], { stdio: 'ignore' });
  if (pinned.status !== 0) throw new Error(`taskset could not pin the load generator to CPU ${loadCpu}`);
  return { enabled: true, serverCpu, loadCpu };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  url: string;
  pid: number | undefined;
  /** Milliseconds from spawn to the first successful answer. */
  startupMs: number;
  /** CPU seconds the server process has used so far (Linux /proc), or undefined. */
  cpuSeconds(): number | undefined;
  stop(): Promise<void>;
}

const STARTUP_LIMIT_MS = 60_000;
const STOP_GRACE_MS = 10_000;

/** Spawns the contender pinned to the server core and waits until it answers (bounded). */
export async function startServer(contender: Contender, context: LaunchContext, pinning: Pinning, probeBody: string): Promise<RunningServer> {
  const { file, args } = contender.command(context);
  const logFile = join(context.workDir, `${contender.id}.log`);
  const log = openSync(logFile, 'w');
  const [command, commandArgs] = pinning.enabled ? ['taskset', ['-c', String(pinning.serverCpu), file, ...args]] : [file, args];
  const started = performance.now();
  const child = spawn(command, commandArgs, { cwd: context.workDir, stdio: ['ignore', log, log] });
  closeSync(log);
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(`exited with ${signal ?? code}`)));
  const url = `http://127.0.0.1:${context.port}`;
  const stop = () => stopChild(child, exited);
  try {
    const failure = await Promise.race([waitUntilAnswering(url, contender.readiness, probeBody), exited]);
    if (failure !== undefined) throw new Error(`${contender.id} ${failure} before answering:\n${tail(logFile)}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, pid: child.pid, startupMs: performance.now() - started, cpuSeconds: () => cpuSecondsOf(child.pid), stop };
}

/** Polls every 5 ms; resolves undefined on the first success, or a reason after the limit. */
async function waitUntilAnswering(url: string, readiness: Contender['readiness'], probeBody: string): Promise<string | undefined> {
  const deadline = performance.now() + STARTUP_LIMIT_MS;
  while (performance.now() < deadline) {
    try {
      const { status } =
        readiness === 'health'
          ? await httpCall(`${url}/_mock/health`, { timeoutMs: 5_000 })
          : await httpCall(`${url}/campaigns/trigger/send`, { method: 'POST', headers: JSON_HEADERS, body: probeBody, timeoutMs: 5_000 });
      if ((readiness === 'health' && status === 200) || (readiness === 'request' && status >= 200 && status < 300)) return undefined;
    } catch {
      // not listening yet
    }
    await delay(5);
  }
  return `did not answer within ${STARTUP_LIMIT_MS} ms`;
}

async function stopChild(child: ChildProcess, exited: Promise<string>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const grace = new AbortController();
  const timer = delay(STOP_GRACE_MS, 'timeout', { signal: grace.signal }).catch(() => 'cancelled');
  const first = await Promise.race([exited, timer]);
  grace.abort();
  if (first === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(-2_000);
  } catch {
    return '(no output)';
  }
}

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on every Linux build). */
const USER_HZ = 100;

/** utime + stime of a process from /proc/PID/stat (fields 14 and 15, after the parenthesised name). */
function cpuSecondsOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
  } catch {
    return undefined;
  }
}

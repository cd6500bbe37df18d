import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

export const BIN = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export interface Exited {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningBin {
  url: string;
  child: ChildProcess;
  /** Parsed JSON lines printed on stdout so far. */
  logs(): LogLine[];
  stdout(): string;
  stderr(): string;
  exited: Promise<Exited>;
  /** Sends the signal and resolves with how the process ended. */
  stop(signal?: NodeJS.Signals): Promise<Exited>;
}

/** Starts `node dist/cli.js args...` and resolves once it logged its listening URL. */
export function startBin(args: readonly string[], env: NodeJS.ProcessEnv = {}, startTimeoutMs = 20_000): Promise<RunningBin> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, LOG_LEVEL: 'info', PORT: '', HOST: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<Exited>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const logs = () => parseLogLines(out);

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the bin did not report listening within ${startTimeoutMs} ms\nstdout:\n${out}\nstderr:\n${err}`));
    }, startTimeoutMs);
    const onData = () => {
      const listening = logs().find((line) => typeof line.url === 'string' && line.msg.startsWith('listening on'));
      if (!listening) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      resolve({
        url: String(listening.url),
        child,
        logs,
        stdout: () => out,
        stderr: () => err,
        exited,
        stop: (signal = 'SIGTERM') => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout?.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the bin exited before listening (code ${code}, signal ${signal})\nstdout:\n${out}\nstderr:\n${err}`));
    });
  });
}

/** Runs the bin to completion (for --help, bad flags and bad configurations). */
export function runBin(args: readonly string[], timeoutMs = 15_000): Promise<Exited & { stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, PORT: '', HOST: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the bin did not exit within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

export function parseLogLines(text: string): LogLine[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

/** A fresh temporary directory for config and database files. */
export function tempDir(prefix = 'triggerkit-mock-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeJson(dir: string, name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value, null, 2));
  return path;
}

export const DEMO_KEY = 'demo-key';

/** A tiny JSON client for the running bin. */
export async function call(url: string, method: string, path: string, key?: string, body?: unknown) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(key === undefined ? {} : { authorization: `Bearer ${key}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, headers: response.headers, body: json as Record<string, unknown> };
}

/** Call in each end-to-end file's beforeAll: fails the file with the reason the bin is not runnable. */
export function requireBuiltBin(): void {
  const problem = inject('binProblem');
  if (problem !== null) throw new Error(problem);
}

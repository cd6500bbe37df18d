import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { MockServerConfigInput } from '@triggerkit/core';

export type MockServerAdapter = 'express' | 'nestjs';

export const ADAPTERS: readonly MockServerAdapter[] = ['express', 'nestjs'];

export interface RunningMockServer {
  url: string;
  adapter: MockServerAdapter;
  /** Everything the process printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** The mock server's bin as users run it (`triggerkit-mock`), from its built `dist`. */
export function mockServerBin(): string {
  const packageJson = createRequire(import.meta.url).resolve('@triggerkit/mock-server/package.json');
  const { bin } = JSON.parse(readFileSync(packageJson, 'utf8')) as { bin: Record<string, string> };
  const relative = bin['triggerkit-mock'];
  if (relative === undefined) throw new Error('@triggerkit/mock-server has no triggerkit-mock bin');
  const path = join(dirname(packageJson), relative);
  if (!existsSync(path)) throw new Error(`the mock server is not built (${path} is missing): run \`pnpm build\` at the repository root first`);
  return path;
}

/**
 * Starts the built mock server (`triggerkit-mock --config <file> --port 0 --adapter <adapter>`) on
 * 127.0.0.1 and resolves with its URL once it reports listening.
 */
export async function startMockServer(options: { adapter: MockServerAdapter; config: MockServerConfigInput; startTimeoutMs?: number }): Promise<RunningMockServer> {
  const dir = mkdtempSync(join(tmpdir(), 'triggerkit-contracts-'));
  const configFile = join(dir, 'mock.config.json');
  writeFileSync(configFile, JSON.stringify(options.config));
  const child = spawn(process.execPath, [mockServerBin(), '--config', configFile, '--port', '0', '--host', '127.0.0.1', '--adapter', options.adapter], {
    env: { ...process.env, LOG_LEVEL: 'info', PORT: '', HOST: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const url = await listeningUrl(child, () => output, exited, options.startTimeoutMs ?? 30_000);
    return { url, adapter: options.adapter, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The `url` of the JSON log line `listening on ...` the bin prints on stdout. */
function listeningUrl(child: ChildProcess, output: () => string, exited: Promise<void>, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the mock server did not report listening within ${timeoutMs} ms:\n${output()}`)), timeoutMs);
    const check = () => {
      const url = findListeningUrl(output());
      if (url === undefined) return;
      clearTimeout(timer);
      child.stdout?.off('data', check);
      resolve(url);
    };
    child.stdout?.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the mock server exited before listening:\n${output()}`));
    });
  });
}

function findListeningUrl(text: string): string | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as { msg?: unknown; url?: unknown };
      if (typeof entry.url === 'string' && typeof entry.msg === 'string' && entry.msg.startsWith('listening on')) return entry.url;
    } catch {
      // a partial line: wait for the rest
    }
  }
  return undefined;
}

import { execFile } from 'node:child_process';

export interface ProcessResult {
  exitCode: number;
  /** stdout and stderr, for failure messages. */
  output: string;
  stdout: string;
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** Runs a command to completion; never rejects, so a failure can be shown with its whole output. */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<ProcessResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd: options.cwd, env: options.env ?? process.env, timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const exitCode = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        const reason = error !== null && typeof error.code !== 'number' ? `\n${error.message}` : '';
        resolve({ exitCode, stdout, output: `$ ${[command, ...args].join(' ')}\n${stdout}${stderr}${reason}` });
      },
    );
  });
}

/** Runs a command and throws with its whole output unless it exits 0. */
export async function mustRun(command: string, args: readonly string[], options: RunOptions): Promise<ProcessResult> {
  const result = await run(command, args, options);
  if (result.exitCode !== 0) throw new Error(`exit code ${result.exitCode} in ${options.cwd}\n${result.output}`);
  return result;
}

/** How to call pnpm: the one running this test (`pnpm test`), else the one on PATH. */
export function pnpmCommand(): [string, ...string[]] {
  const execPath = process.env.npm_execpath ?? '';
  return /pnpm/.test(execPath) ? [process.execPath, execPath] : ['pnpm'];
}

/** The environment without pnpm's `npm_*` variables, which npm would otherwise read as its own configuration. */
export function npmEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
}

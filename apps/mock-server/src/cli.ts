import { readFileSync } from 'node:fs';
import { demoKeysOf, loadConfig } from './config.loader.ts';
import { reloadOnChange } from './config.watch.ts';
import { parseCliOptions, USAGE, type CliOptions } from './cli-options.ts';
import { networkExposure } from './host-guard.ts';
import { createLogger } from './logger.ts';
import { startMockServer } from './mock-server.ts';
import { installSignalHandlers } from './shutdown.ts';

/** Exit codes: 0 stopped cleanly, 1 could not start (config, store, port), 2 bad command line. */
async function main(argv: readonly string[]): Promise<void> {
  // Started by `pnpm start` (scripts/run.mjs) with an IPC channel: it only tells us when the parent
  // is gone (shutdown.ts), and must not keep a failed start from exiting.
  process.channel?.unref();
  const parsed = parseCliOptions(argv, process.env);
  if (parsed.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (parsed.kind === 'version') {
    process.stdout.write(`${packageVersion()}\n`);
    return;
  }
  if (parsed.kind === 'invalid') {
    process.stderr.write(`triggerkit-mock: ${parsed.problem}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  await run(parsed.options);
}

async function run(options: CliOptions): Promise<void> {
  const loaded = await loadConfig(options.configFile);
  if (!loaded.ok) {
    const lines = loaded.problems.map((problem) => `  - ${problem}`).join('\n');
    process.stderr.write(`triggerkit-mock: invalid configuration (${loaded.source}):\n${lines}\n`);
    process.exitCode = 1;
    return;
  }
  const exposure = networkExposure(options.host, { demoKeys: options.configFile === undefined, exposeDemoKey: options.exposeDemoKey });
  if (exposure.refuse !== undefined) {
    process.stderr.write(`triggerkit-mock: ${exposure.refuse}\n`);
    process.exitCode = 2;
    return;
  }
  if (exposure.warning !== undefined) process.stderr.write(`triggerkit-mock: warning: ${exposure.warning}\n`);
  const logger = createLogger();
  const running = await startMockServer({ ...options, config: loaded.config, logger }).catch((error: unknown) => {
    process.stderr.write(`triggerkit-mock: cannot start: ${startProblem(error, options)}\n`);
    process.exitCode = 1;
    return undefined;
  });
  if (!running) return;

  const demoKeys = options.configFile === undefined ? demoKeysOf(loaded.config) : [];
  const store = options.dbFile ?? 'memory';
  logger.info(
    { url: running.url, inbox_url: `${running.url}/_mock/ui`, adapter: options.adapter, store, ...(demoKeys.length > 0 ? { demo_keys: demoKeys } : {}) },
    `listening on ${running.url}`,
  );
  process.stderr.write(bannerOf(running.url, options.adapter, store, demoKeys));
  const watcher = options.watch && options.configFile !== undefined ? reloadOnChange(options.configFile, running, logger) : undefined;
  if (watcher) logger.info({ config: options.configFile }, 'watching the configuration file');
  const close = async () => {
    watcher?.close();
    await running.close();
  };
  installSignalHandlers({ server: running.server, logger, close });
}

/** What went wrong, with what to do about it where that is known; never a stack. */
function startProblem(error: unknown, { host, port }: Pick<CliOptions, 'host' | 'port'>): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') return `port ${port} is in use on ${host} (EADDRINUSE); pass --port N (--port 0 picks a free one) or stop the other process`;
  return error instanceof Error ? error.message : String(error);
}

/** Read at run time: src/cli.ts and dist/cli.js both sit one level below the package's manifest. */
function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return String(manifest.version);
}

function bannerOf(url: string, adapter: string, store: string, demoKeys: string[]): string {
  const lines = [
    `triggerkit mock server listening on ${url} (adapter ${adapter}, store ${store})`,
    `  inbox:  ${url}/_mock/ui`,
    `  health: ${url}/_mock/health`,
    ...demoKeys.map((key) => `  demo workspace key (every permission): ${key}`),
    '  stop with Ctrl+C',
  ];
  return `${lines.join('\n')}\n`;
}

await main(process.argv.slice(2));

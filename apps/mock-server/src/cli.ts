#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseCliOptions, USAGE, type CliOptions } from './cli-options.ts';
import { launchMockServer } from './launch.ts';
import { createLogger } from './logger.ts';
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
  const logger = createLogger();
  const started = await launchMockServer({
    config: options.configFile,
    adapter: options.adapter,
    host: options.host,
    port: options.port,
    dbFile: options.dbFile,
    maxMessages: options.maxMessages,
    allowedHosts: options.allowedHosts,
    exposeDemoKey: options.exposeDemoKey,
    watch: options.watch,
    logger,
    warn: (message) => process.stderr.write(`triggerkit-mock: warning: ${message}\n`),
  });
  if (!started.ok) {
    process.stderr.write(`triggerkit-mock: ${started.problem}\n`);
    process.exitCode = started.exitCode;
    return;
  }
  const { launched } = started;
  process.stderr.write(bannerOf(launched.url, options.adapter, launched.store, launched.demoKeys));
  installSignalHandlers({ server: launched.server, logger, close: launched.release });
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

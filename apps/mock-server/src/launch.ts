import type { Server } from 'node:http';
import type { MockServerConfigInput } from '@triggerkit/core';
import type { Logger } from 'pino';
import type { AdapterName } from './cli-options.ts';
import { checkConfig, demoKeysOf, loadConfig } from './config.loader.ts';
import { reloadOnChange } from './config.watch.ts';
import { networkExposure } from './host-guard.ts';
import { serveMockServer } from './mock-server.ts';

/** Everything a start needs: what `triggerkit-mock`'s flags say, or what `startMockServer()` was given. */
export interface LaunchOptions {
  /** A JSON file to read, a configuration already in memory, or undefined for the demo workspace. */
  config: string | MockServerConfigInput | undefined;
  adapter: AdapterName;
  host: string;
  port: number;
  /** SQLite file; undefined keeps everything in memory. */
  dbFile: string | undefined;
  maxMessages?: number | undefined;
  allowedHosts?: readonly string[] | undefined;
  /** Start on a non-loopback host with the demo workspace. */
  exposeDemoKey: boolean;
  /** Reload `config` when it is a file and it changes. */
  watch: boolean;
  logger: Logger;
  /** Told before listening on a non-loopback host. */
  warn(message: string): void;
}

/** A listening server and what was started. */
export interface Launched {
  url: string;
  port: number;
  server: Server;
  /** The demo workspace's keys when it was started without a configuration; empty otherwise (a user's own keys are never repeated). */
  demoKeys: string[];
  /** `memory` or the SQLite file. */
  store: string;
  /** Releases what is behind the server (config watch, framework app, engine, store); call once the server stopped accepting. */
  release(): Promise<void>;
}

export type LaunchResult =
  | { ok: true; launched: Launched }
  /** `exitCode`: 1 could not start (configuration, store, port), 2 refused (the demo key on a non-loopback host). */
  | { ok: false; exitCode: 1 | 2; problem: string; problems: string[] };

/**
 * The one start-up of the mock server, shared by the `triggerkit-mock` bin and `startMockServer()`:
 * reads and validates the configuration (every problem by path), checks the network exposure,
 * opens the store and the framework app, listens, logs `listening on <url>`, and watches the file
 * when asked. Nothing is left open when it fails; what failed comes back as text, never thrown.
 */
export async function launchMockServer(options: LaunchOptions): Promise<LaunchResult> {
  const configFile = typeof options.config === 'string' ? options.config : undefined;
  const loaded = typeof options.config === 'object' ? checkConfig(options.config, 'inline configuration') : await loadConfig(configFile);
  if (!loaded.ok) {
    const lines = loaded.problems.map((problem) => `  - ${problem}`).join('\n');
    return { ok: false, exitCode: 1, problem: `invalid configuration (${loaded.source}):\n${lines}`, problems: loaded.problems };
  }
  const isDemo = options.config === undefined;
  const exposure = networkExposure(options.host, { demoKeys: isDemo, exposeDemoKey: options.exposeDemoKey });
  if (exposure.refuse !== undefined) return { ok: false, exitCode: 2, problem: exposure.refuse, problems: [exposure.refuse] };
  if (exposure.warning !== undefined) options.warn(exposure.warning);

  const { logger } = options;
  let running: Awaited<ReturnType<typeof serveMockServer>>;
  try {
    running = await serveMockServer({
      config: loaded.config,
      adapter: options.adapter,
      host: options.host,
      port: options.port,
      dbFile: options.dbFile,
      ...(options.maxMessages === undefined ? {} : { maxMessages: options.maxMessages }),
      ...(options.allowedHosts === undefined ? {} : { allowedHosts: options.allowedHosts }),
      logger,
    });
  } catch (error) {
    const problem = `cannot start: ${startProblem(error, options)}`;
    return { ok: false, exitCode: 1, problem, problems: [problem] };
  }

  const demoKeys = isDemo ? demoKeysOf(loaded.config) : [];
  const store = options.dbFile ?? 'memory';
  logger.info(
    { url: running.url, inbox_url: `${running.url}/_mock/ui`, adapter: options.adapter, store, ...(demoKeys.length > 0 ? { demo_keys: demoKeys } : {}) },
    `listening on ${running.url}`,
  );
  const watcher = options.watch && configFile !== undefined ? reloadOnChange(configFile, running, logger) : undefined;
  if (watcher) logger.info({ config: configFile }, 'watching the configuration file');
  const release = async () => {
    watcher?.close();
    await running.close();
  };
  return { ok: true, launched: { url: running.url, port: running.port, server: running.server, demoKeys, store, release } };
}

/** What went wrong, with what to do about it where that is known; never a stack. */
function startProblem(error: unknown, { host, port }: Pick<LaunchOptions, 'host' | 'port'>): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') return `port ${port} is in use on ${host} (EADDRINUSE); pass --port N (--port 0 picks a free one) or stop the other process`;
  return error instanceof Error ? error.message : String(error);
}

import type { MockServerConfigInput } from '@triggerkit/core';
import { DEFAULT_HOST, DEFAULT_MAX_MESSAGES, type AdapterName } from './cli-options.ts';
import { normaliseAllowedHost } from './host-guard.ts';
import { launchMockServer } from './launch.ts';
import { createLogger } from './logger.ts';
import { closeServer } from './shutdown.ts';

/** The framework hosting the endpoints, as `--adapter` takes it: Express, Nest on Express, Fastify, Nest on Fastify. */
export type MockServerAdapter = AdapterName;

/** pino's levels; `silent` logs nothing. */
export type MockServerLogLevel = 'silent' | 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** What `startMockServer()` takes; every field is optional and has the default a test suite wants. */
export interface StartMockServerOptions {
  /**
   * The configuration (workspaces, keys, campaigns, canvases, seed users): an object, validated
   * exactly as a `--config` file is, or the path of a JSON file. Default: the demo workspace, whose
   * key (`demoKeys[0]`, `demo-key`) has every permission.
   */
  config?: MockServerConfigInput | string;
  /** Default `express`. */
  adapter?: MockServerAdapter;
  /** Default `0`: a free port, read back from `port` and `url`. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** A SQLite file for users, messages and dispatches (needs `@triggerkit/store-sqlite` installed). Default: in memory. */
  db?: string;
  /** Messages and dispatch records kept per workspace, oldest dropped first. Default 10,000. */
  maxMessages?: number;
  /** Host names served besides loopback names and IP addresses (`.example.com` for subdomains, `*` for any). */
  allowedHosts?: readonly string[];
  /** Allow a non-loopback `host` with the demo workspace. Default false. */
  exposeDemoKey?: boolean;
  /** Reload `config` when it is a file and the file changes. Default false. */
  watch?: boolean;
  /** JSON log lines on stdout at this level and above. Default `warn`: quiet unless something went wrong. */
  logLevel?: MockServerLogLevel;
}

/** A running mock server. */
export interface MockServer {
  /** `http://127.0.0.1:<port>`, no trailing slash: the client's `baseUrl`. */
  url: string;
  port: number;
  host: string;
  adapter: MockServerAdapter;
  /** The inbox page, `<url>/_mock/ui`. */
  inboxUrl: string;
  /** The demo workspace's keys (`['demo-key']`) when started without `config`; empty otherwise. */
  demoKeys: readonly string[];
  /**
   * Stops accepting, lets requests in flight finish (closing idle keep-alive connections at once),
   * then closes the framework app, the engine and the store; the port is free when it resolves.
   * Calling it again returns the same promise.
   */
  close(): Promise<void>;
}

/** Why the server could not start: an invalid configuration (`problems` lists each by path), a port in use, a store that cannot open. */
export class MockServerStartError extends Error {
  override readonly name = 'MockServerStartError';
  readonly problems: readonly string[];

  constructor(message: string, problems: readonly string[]) {
    super(message);
    this.problems = problems;
  }
}

/**
 * Starts the Braze-compatible mock server in this process, as `triggerkit-mock` does (the same
 * start-up code), for test suites: on a free port of 127.0.0.1 by default, quiet, without signal
 * handlers. Rejects with a {@link MockServerStartError} when it cannot start; nothing is left open then.
 *
 * @example
 * ```ts
 * import { startMockServer } from '@triggerkit/mock-server';
 *
 * const mock = await startMockServer({
 *   config: { workspaces: [{ name: 'test', api_keys: [{ key: 'test-key', permissions: ['campaigns.trigger.send', 'mock.inspect'] }] }] },
 * });
 * // ... point your code at mock.url with the key 'test-key', read `${mock.url}/_mock/messages` ...
 * await mock.close();
 * ```
 */
export async function startMockServer(options: StartMockServerOptions = {}): Promise<MockServer> {
  const adapter = options.adapter ?? 'express';
  const host = options.host ?? DEFAULT_HOST;
  const logger = createLogger(undefined, options.logLevel ?? 'warn');
  const started = await launchMockServer({
    config: options.config,
    adapter,
    host,
    port: options.port ?? 0,
    dbFile: options.db,
    maxMessages: options.maxMessages ?? DEFAULT_MAX_MESSAGES,
    allowedHosts: options.allowedHosts?.map(normaliseAllowedHost),
    exposeDemoKey: options.exposeDemoKey ?? false,
    watch: options.watch ?? false,
    logger,
    warn: (message) => logger.warn(message),
  });
  if (!started.ok) throw new MockServerStartError(started.problem, started.problems);
  const { launched } = started;
  let closing: Promise<void> | undefined;
  return {
    url: launched.url,
    port: launched.port,
    host,
    adapter,
    inboxUrl: `${launched.url}/_mock/ui`,
    demoKeys: launched.demoKeys,
    close: () => (closing ??= closeServer(launched.server, CLOSE_GRACE_MS).then(launched.release)),
  };
}

/** Requests still running after this long have their connections cut. */
const CLOSE_GRACE_MS = 10_000;

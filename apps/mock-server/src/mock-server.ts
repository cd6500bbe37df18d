import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MockServerConfig } from '@triggerkit/core';
import type { Logger } from 'pino';
import type { AdapterName } from './cli-options.ts';
import { answerClientErrorsWithJson } from './client-error.ts';
import { withHostGuard } from './host-guard.ts';
import { createInboxMiddleware } from './inbox.static.ts';
import { withRequestLog, type NodeListener } from './logger.ts';
import type { Host, HostFactory } from './server.types.ts';
import { PUBLIC_DIR } from './public-dir.ts';
import { openStore } from './store.factory.ts';

export interface MockServerOptions {
  config: MockServerConfig;
  adapter: AdapterName;
  host: string;
  port: number;
  /** SQLite file; undefined keeps everything in memory. */
  dbFile: string | undefined;
  /** Messages and dispatch records kept per workspace. Default: the engine's (10,000). */
  maxMessages?: number;
  /** Host names served besides loopback names and IP addresses (see `isAllowedHost`). Default none. */
  allowedHosts?: readonly string[];
  logger: Logger;
}

export interface RunningMockServer {
  url: string;
  port: number;
  server: Server;
  /**
   * Restarts in place with another configuration: a new store connection and app answer from now
   * on, on the same port; the old ones close once their requests in flight are answered. State
   * survives only in a `--db` file (in memory, users and messages start over, as at a restart).
   */
  reload(config: MockServerConfig): Promise<void>;
  /** Closes the app, the engine and the store, in that order. Call after the server stopped accepting. */
  close(): Promise<void>;
}

// Loaded on demand: an Express run never loads Nest or Fastify, and so on.
const HOSTS: Record<AdapterName, () => Promise<HostFactory>> = {
  express: async () => (await import('./server.express.ts')).createExpressHost,
  nestjs: async () => (await import('./server.nestjs.ts')).createNestHost,
  fastify: async () => (await import('./server.fastify.ts')).createFastifyHost,
  'nestjs-fastify': async () => (await import('./server.nestjs.ts')).createNestFastifyHost,
};

/** Builds the store and the chosen framework app, then listens. Nothing is left open when it rejects. */
export async function serveMockServer(options: MockServerOptions): Promise<RunningMockServer> {
  const { logger } = options;
  let current = await openApp(options, options.config);
  const server = createServer(withRequestLog(logger, withHostGuard((req, res) => current.serve(req, res), options.allowedHosts ?? [])));
  answerClientErrorsWithJson(server, logger);
  try {
    const port = await listen(server, options.port, options.host);
    server.on('error', (error) => logger.error({ err: error }, 'server error'));
    const reload = async (config: MockServerConfig) => {
      const next = await openApp(options, config);
      const previous = current;
      current = next;
      await previous.closeWhenIdle();
    };
    return { url: urlOf(options.host, port), port, server, reload, close: () => current.close() };
  } catch (error) {
    await current.close().catch(() => undefined);
    throw error;
  }
}

interface OpenApp {
  serve: NodeListener;
  /** Closes the app, then the store. */
  close(): Promise<void>;
  /** Closes once the requests this app is answering are done (bounded: a stuck one is not waited for). */
  closeWhenIdle(): Promise<void>;
}

const IDLE_WAIT_MS = 10_000;

/** A store connection and a framework app for one configuration, counting the requests in flight. */
async function openApp(options: MockServerOptions, config: MockServerConfig): Promise<OpenApp> {
  const store = await openStore(options.dbFile);
  const closeStore = async () => store?.close();
  let host: Host;
  try {
    const createHost = await HOSTS[options.adapter]();
    host = await createHost({ config, store, maxMessages: options.maxMessages, inbox: createInboxMiddleware(PUBLIC_DIR), logger: options.logger });
  } catch (error) {
    await closeStore().catch(() => undefined);
    throw error;
  }
  let inFlight = 0;
  let idle: (() => void) | undefined;
  const close = async () => {
    await host.close();
    await closeStore();
  };
  return {
    serve: (req, res) => {
      inFlight += 1;
      res.once('close', () => {
        inFlight -= 1;
        if (inFlight === 0) idle?.();
      });
      host.listener(req, res);
    },
    close,
    closeWhenIdle: async () => {
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, IDLE_WAIT_MS);
          idle = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      await close();
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function urlOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

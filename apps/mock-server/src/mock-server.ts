import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MockServerConfig } from '@triggerkit/core';
import type { Logger } from 'pino';
import type { AdapterName } from './cli-options.ts';
import { answerClientErrorsWithJson } from './client-error.ts';
import { withHostGuard } from './host-guard.ts';
import { createInboxMiddleware } from './inbox.static.ts';
import { withRequestLog } from './logger.ts';
import type { HostFactory } from './server.types.ts';
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
export async function startMockServer(options: MockServerOptions): Promise<RunningMockServer> {
  const { logger } = options;
  const store = await openStore(options.dbFile);
  const closeStore = async () => store?.close();
  try {
    const createHost = await HOSTS[options.adapter]();
    const host = await createHost({ config: options.config, store, maxMessages: options.maxMessages, inbox: createInboxMiddleware(PUBLIC_DIR), logger });
    const server = createServer(withRequestLog(logger, withHostGuard(host.listener, options.allowedHosts ?? [])));
    answerClientErrorsWithJson(server, logger);
    try {
      const port = await listen(server, options.port, options.host);
      server.on('error', (error) => logger.error({ err: error }, 'server error'));
      const close = async () => {
        await host.close();
        await closeStore();
      };
      return { url: urlOf(options.host, port), port, server, close };
    } catch (error) {
      await host.close().catch(() => undefined);
      throw error;
    }
  } catch (error) {
    await closeStore().catch(() => undefined);
    throw error;
  }
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

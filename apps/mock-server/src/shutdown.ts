import type { Server } from 'node:http';
import type { Logger } from 'pino';

export interface ShutdownOptions {
  server: Server;
  logger: Logger;
  /** Releases everything behind the server (framework app, engine, store); runs after the last response. */
  close: () => Promise<void>;
  /** In-flight requests get this long before their connections are cut. */
  graceMs?: number;
  exit?: (code: number) => void;
}

/** Stops accepting, lets in-flight requests finish, closes the rest, then exits: 0 when all went well. */
export async function shutDown({ server, logger, close, graceMs = 10_000, exit = process.exit }: ShutdownOptions): Promise<void> {
  let code = 0;
  try {
    await closeServer(server, graceMs);
    await close();
    logger.info('stopped');
  } catch (error) {
    code = 1;
    logger.error({ err: error }, 'shutdown failed');
  }
  exit(code);
}

export const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * SIGINT/SIGTERM/SIGHUP start a graceful shutdown; a second signal cuts the remaining connections
 * at once. A parent that started the server with an IPC channel (`pnpm start`'s scripts/run.mjs)
 * counts as a SIGTERM when it goes away, however it died, so the server never outlives it.
 */
export function installSignalHandlers(options: ShutdownOptions): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals | 'parent exited') => {
    if (stopping) {
      options.logger.warn({ signal }, 'second signal: closing open connections now');
      options.server.closeAllConnections();
      return;
    }
    stopping = true;
    options.logger.info({ signal }, 'shutting down');
    void shutDown(options);
  };
  for (const signal of SHUTDOWN_SIGNALS) process.on(signal, onSignal);
  watchParent(() => onSignal('parent exited'));
}

/** Calls `onGone` once the IPC channel to the parent closes (at once if it already has); a no-op without one. */
export function watchParent(onGone: () => void, child: Pick<NodeJS.Process, 'channel' | 'connected' | 'once'> = process): void {
  if (child.channel === undefined) return;
  // The channel must not keep the process alive by itself: the server's socket does that.
  child.channel.unref();
  if (child.connected) child.once('disconnect', onGone);
  else queueMicrotask(onGone);
}

/** Stops accepting, closes keep-alive connections as they go idle, and cuts the rest after `graceMs`. */
export function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    // Keep-alive sockets that go idle after their last response would hold close() open.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}

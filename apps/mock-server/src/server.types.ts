import type { MockServerConfig, Store } from '@triggerkit/core';
import type { Logger } from 'pino';
import type { NodeMiddleware } from './inbox.static.ts';
import type { NodeListener } from './logger.ts';

/** What every host (Express, Nest) is built from. */
export interface HostParts {
  config: MockServerConfig;
  /** Undefined means core's in-memory store. */
  store: Store | undefined;
  /** Messages and dispatch records kept per workspace; undefined: the engine's default. */
  maxMessages?: number | undefined;
  /** Serves /_mock/ui; mounted ahead of the Braze routes. */
  inbox: NodeMiddleware;
  logger: Logger;
}

/** A framework app ready to be served by a node:http server. */
export interface Host {
  listener: NodeListener;
  /** Releases the framework app and the engine (which closes the store it was given). */
  close(): Promise<void>;
}

export type HostFactory = (parts: HostParts) => Promise<Host>;

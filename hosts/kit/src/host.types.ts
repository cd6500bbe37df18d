import type { Server } from 'node:http';
import type { TriggerKitHandlerOptions } from '@triggerkit/core';

/** A host as the conformance suite starts it: the Braze endpoints served on 127.0.0.1:0. */
export interface StartedHost {
  /** Base URL of the mounted Braze endpoints, no trailing slash (e.g. `http://127.0.0.1:1234/braze`). */
  url: string;
  close(): Promise<void>;
}

/** The framework a host runs, as the app resolves it and as the adapter (injected next to it) resolves it. */
export interface FrameworkInfo {
  name: string;
  version: string;
  versionSeenByAdapter: string;
  /** Nest only: the adapter's exception extends this host's HttpException (one @nestjs/common, not two). */
  sharesHttpException?: boolean;
}

export interface HostModule {
  framework: FrameworkInfo;
  startHost(options: TriggerKitHandlerOptions): Promise<StartedHost>;
}

/** Closes a node:http server at once, keep-alive connections included. */
export async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

import type { HttpHandler } from '@triggerkit/core';

/** Injection token of the server module's handler. */
export const TRIGGERKIT_SERVER = Symbol('TRIGGERKIT_SERVER');

export interface TriggerKitServer {
  handle: HttpHandler;
  bodyLimit: number | undefined;
  close(): Promise<void>;
}

import { createTriggerKitHandler, type HttpHandler } from '@triggerkit/core';
import type { HostParts } from './server.types.ts';

/** Pending `/users/track` writes (spec 8 delays) already got their 201; give them this long to land at shutdown. */
const DRAIN_AT_CLOSE_MS = 2_000;

export interface MockHandler {
  handler: HttpHandler;
  /** Lets accepted `/users/track` writes land, then closes the engine and with it the store. */
  close(): Promise<void>;
}

/** The one core handler both hosts serve. Its unexpected-error reports go to the structured log. */
export async function createMockHandler({ config, store, logger }: HostParts): Promise<MockHandler> {
  const { handle, engine, close } = await createTriggerKitHandler({
    config,
    ...(store === undefined ? {} : { store }),
    logger: { error: (message, details) => logger.error(details ?? {}, message) },
  });
  return {
    handler: handle,
    close: async () => {
      await Promise.race([engine.drainPropagation(), delay(DRAIN_AT_CLOSE_MS)]);
      await close();
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

import { createTriggerKitHandler, type HttpHandler } from '@triggerkit/core';
import type { HostParts } from './server.types.ts';

/**
 * In memory, pending `/users/track` writes (spec 8 delays) that already got their 201 would be
 * lost at exit: give them this long to land. A durable store keeps them for the next start instead.
 */
const DRAIN_AT_CLOSE_MS = 2_000;

export interface MockHandler {
  handler: HttpHandler;
  /** Lets accepted `/users/track` writes land, then closes the engine and with it the store. */
  close(): Promise<void>;
}

/** The one core handler both hosts serve. Its unexpected-error reports go to the structured log. */
export async function createMockHandler({ config, store, maxMessages, logger }: HostParts): Promise<MockHandler> {
  const { handle, engine, close } = await createTriggerKitHandler({
    config,
    ...(store === undefined ? {} : { store }),
    ...(maxMessages === undefined ? {} : { maxMessages }),
    logger: { error: (message, details) => logger.error(details ?? {}, message) },
    onPropagationError: (error) => logger.error({ err: error }, 'a delayed /users/track write could not be applied yet; it stays pending and is retried'),
  });
  return {
    handler: handle,
    close: async () => {
      if (store?.durable !== true) await Promise.race([engine.drainPropagation().catch(() => undefined), delay(DRAIN_AT_CLOSE_MS)]);
      await close();
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

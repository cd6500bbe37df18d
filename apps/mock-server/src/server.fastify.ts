import Fastify from 'fastify';
import { triggerKitServer } from '@triggerkit/fastify';
import { createMockHandler } from './handler.factory.ts';
import type { Host, HostParts } from './server.types.ts';

/**
 * A Fastify app with `triggerKitServer` for the Braze endpoints and `/_mock`, behind the inbox page.
 * Fastify is made ready, not listened: the caller serves `routing` (Fastify's request handler) with
 * its own node:http server, so every adapter shares the request log and the graceful shutdown.
 */
export async function createFastifyHost(parts: HostParts): Promise<Host> {
  const mock = await createMockHandler(parts);
  const app = Fastify();
  // The core handler never rejects; this answers a broken one as JSON without revealing why.
  app.setErrorHandler((error, _request, reply) => {
    parts.logger.error({ err: error }, 'unhandled error');
    void reply.code(500).send({ message: 'Internal Server Error' });
  });
  try {
    await app.register(triggerKitServer, { handler: mock.handler });
    await app.ready();
  } catch (error) {
    await mock.close();
    throw error;
  }
  return {
    listener: (req, res) => parts.inbox(req, res, () => app.routing(req, res)),
    close: async () => {
      await app.close();
      await mock.close();
    },
  };
}

import { STATUS_CODES } from 'node:http';
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
  app.setErrorHandler((error, _request, reply) => {
    // Fastify refuses some requests itself before the core handler sees them, with a 4xx error:
    // a Content-Type that is no media type at all (`json`, `x`) is its 415. Those keep their status,
    // with the status text as the message (as the core words it: "Unsupported Media Type").
    const status = (error as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      parts.logger.debug({ code: (error as { code?: unknown }).code, status }, 'refused by fastify');
      void reply.code(status).send({ message: STATUS_CODES[status] ?? 'Bad Request' });
      return;
    }
    // The core handler never rejects; this answers a broken one as JSON without revealing why.
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

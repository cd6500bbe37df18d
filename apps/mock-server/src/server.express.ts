import express, { type ErrorRequestHandler } from 'express';
import { triggerKitRouter } from '@triggerkit/express';
import { createMockHandler } from './handler.factory.ts';
import type { Host, HostParts } from './server.types.ts';

/** An Express app: the inbox page first, then `triggerKitRouter` for the Braze endpoints and `/_mock`. */
export async function createExpressHost(parts: HostParts): Promise<Host> {
  const mock = await createMockHandler(parts);
  const app = express();
  app.disable('x-powered-by');
  app.use(parts.inbox);
  app.use(triggerKitRouter({ handler: mock.handler }));
  app.use(lastResortErrors(parts));
  return { listener: app, close: mock.close };
}

/** The router hands unexpected errors to next(); answer them as JSON rather than Express's HTML page. */
function lastResortErrors({ logger }: HostParts): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    logger.error({ err: error }, 'unhandled error');
    if (res.headersSent) return next(error);
    res.status(500).json({ message: 'Internal Server Error' });
  };
}

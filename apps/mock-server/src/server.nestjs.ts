import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { TriggerKitServerModule } from '@triggerkit/nestjs';
import express from 'express';
import { createMockHandler } from './handler.factory.ts';
import { NestPinoLogger } from './nest.logger.ts';
import type { Host, HostParts } from './server.types.ts';

/**
 * A Nest app whose root module is `TriggerKitServerModule`, on Express. The inbox page is plain
 * middleware on the Express instance, ahead of Nest's routes. Nest is initialised, not listened:
 * the caller serves the instance with its own node:http server (Nest's documented pattern for
 * owning the server), so both adapters share the request log and the graceful shutdown.
 */
export async function createNestHost(parts: HostParts): Promise<Host> {
  const mock = await createMockHandler(parts);
  const instance = express();
  instance.disable('x-powered-by');
  instance.use(parts.inbox);
  try {
    const app = await NestFactory.create(TriggerKitServerModule.forRoot({ handler: mock.handler }), new ExpressAdapter(instance), {
      bodyParser: false,
      logger: new NestPinoLogger(parts.logger),
      abortOnError: false,
    });
    await app.init();
    return {
      listener: instance,
      close: async () => {
        await app.close();
        await mock.close();
      },
    };
  } catch (error) {
    await mock.close();
    throw error;
  }
}

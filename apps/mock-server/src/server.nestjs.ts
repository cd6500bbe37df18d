import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { type AbstractHttpAdapter, NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { TriggerKitServerModule } from '@triggerkit/nestjs';
import express from 'express';
import { createMockHandler, type MockHandler } from './handler.factory.ts';
import { NestPinoLogger } from './nest.logger.ts';
import type { Host, HostParts } from './server.types.ts';
import type { NodeListener } from './logger.ts';

/**
 * A Nest app whose root module is `TriggerKitServerModule`, on Express. The inbox page is plain
 * middleware on the Express instance, ahead of Nest's routes. Nest is initialised, not listened:
 * the caller serves the instance with its own node:http server (Nest's documented pattern for
 * owning the server), so every adapter shares the request log and the graceful shutdown.
 */
export async function createNestHost(parts: HostParts): Promise<Host> {
  const instance = express();
  instance.disable('x-powered-by');
  instance.use(parts.inbox);
  return nestHost(parts, new ExpressAdapter(instance), { bodyParser: false }, async () => instance);
}

/**
 * The same Nest app on `@nestjs/platform-fastify`, with every Nest default (the module keeps
 * Fastify's parsers off its routes). Fastify is made ready and served through `routing`, its
 * request handler, behind the inbox page.
 */
export async function createNestFastifyHost(parts: HostParts): Promise<Host> {
  const { FastifyAdapter } = await import('@nestjs/platform-fastify');
  const adapter = new FastifyAdapter();
  return nestHost(parts, adapter, {}, async () => {
    const fastify = adapter.getInstance();
    await fastify.ready();
    return (req, res) => parts.inbox(req, res, () => fastify.routing(req, res));
  });
}

async function nestHost(parts: HostParts, adapter: AbstractHttpAdapter, options: { bodyParser?: boolean }, listenerOf: (app: INestApplication) => Promise<NodeListener>): Promise<Host> {
  const mock: MockHandler = await createMockHandler(parts);
  try {
    const app = await NestFactory.create(TriggerKitServerModule.forRoot({ handler: mock.handler }), adapter, {
      ...options,
      logger: new NestPinoLogger(parts.logger),
      abortOnError: false,
    });
    await app.init();
    return {
      listener: await listenerOf(app),
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

import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';

// Copied next to the Nest consumer's entry as platform.ts when it runs on Fastify: every Nest default,
// since the server module keeps Fastify's parsers off its own routes.
export function createApp(module: Parameters<typeof NestFactory.create>[0]): Promise<NestFastifyApplication> {
  return NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(), { logger: false });
}

import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';

// Copied next to the Nest consumer's entry as platform.ts when it runs on Express: the body parser
// stays on and keeps the raw bytes (`rawBody`), which the server module reads.
export function createApp(module: Parameters<typeof NestFactory.create>[0]): Promise<NestExpressApplication> {
  return NestFactory.create<NestExpressApplication>(module, { logger: false, rawBody: true });
}

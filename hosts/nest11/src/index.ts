import 'reflect-metadata';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { HttpException, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { TriggerKitHandlerOptions } from '@triggerkit/core';
import { TriggerKitHttpException, TriggerKitServerModule } from '@triggerkit/nestjs';

const require = createRequire(import.meta.url);
const adapterRequire = createRequire(require.resolve('@triggerkit/nestjs/package.json'));

/** The Nest major this host runs, as the app sees it and as the adapter resolves it. */
export const framework = {
  name: '@nestjs/core',
  version: (require('@nestjs/core/package.json') as { version: string }).version,
  versionSeenByAdapter: (adapterRequire('@nestjs/common/package.json') as { version: string }).version,
  /** True when the adapter's exception extends this host's HttpException (one @nestjs/common, not two). */
  sharesHttpException: TriggerKitHttpException.prototype instanceof HttpException,
};

/** A Nest app (Express platform, body parser off) hosting triggerkit under /braze behind a global prefix. */
export async function startHost(options: TriggerKitHandlerOptions): Promise<{ url: string; close(): Promise<void> }> {
  class AppModule {}
  Module({ imports: [TriggerKitServerModule.forRoot({ ...options, path: 'braze' })] })(AppModule);
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: false, bodyParser: false });
  app.setGlobalPrefix('api');
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/braze`,
    async close() {
      app.getHttpServer().closeAllConnections();
      await app.close();
    },
  };
}

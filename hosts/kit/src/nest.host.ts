import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TriggerKitHandlerOptions } from '@triggerkit/core';
import { frameworkInfo } from './framework-info';
import type { HostModule } from './host.types';

interface NestApp {
  setGlobalPrefix(prefix: string): unknown;
  listen(port: number, host: string): Promise<unknown>;
  getHttpServer(): Server;
  close(): Promise<void>;
}
interface NestParts {
  NestFactory: { create(module: object, ...rest: object[]): Promise<NestApp> };
  Module: (metadata: { imports: unknown[] }) => ClassDecorator;
  HttpException: abstract new (...args: never[]) => object;
  TriggerKitHttpException: { prototype: object };
  TriggerKitServerModule: { forRoot(options: TriggerKitHandlerOptions & { path: string }): unknown };
  FastifyAdapter?: new () => object;
}

/**
 * The host's own Nest (`NestFactory`, `Module`, `HttpException`) and `@triggerkit/nestjs` as installed
 * next to it; `FastifyAdapter` (`@nestjs/platform-fastify`) runs it on Fastify instead of Express.
 */
export type NestHostParts = { hostUrl: string } & { [Name in keyof NestParts]: unknown };

/**
 * A Nest app hosting triggerkit under /braze behind a global prefix. On Express it turns Nest's body
 * parser off, as the module's docs ask; on Fastify it keeps every default, which is the point.
 */
export function nestHost({ hostUrl, ...given }: NestHostParts): HostModule {
  const { NestFactory, Module, TriggerKitServerModule, FastifyAdapter, HttpException, TriggerKitHttpException } = given as NestParts;
  return {
    framework: {
      ...frameworkInfo(hostUrl, '@nestjs/core', { name: '@triggerkit/nestjs', sees: '@nestjs/common' }),
      sharesHttpException: TriggerKitHttpException.prototype instanceof HttpException,
    },
    async startHost(options) {
      class AppModule {}
      Module({ imports: [TriggerKitServerModule.forRoot({ ...options, path: 'braze' })] })(AppModule);
      const app = FastifyAdapter === undefined
        ? await NestFactory.create(AppModule, { logger: false, bodyParser: false })
        : await NestFactory.create(AppModule, new FastifyAdapter(), { logger: false });
      app.setGlobalPrefix('api');
      await app.listen(0, '127.0.0.1');
      const server = app.getHttpServer();
      return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/braze`,
        async close() {
          server.closeAllConnections();
          await app.close();
        },
      };
    },
  };
}

import type { TriggerKitHandlerOptions } from '@triggerkit/core';
import { frameworkInfo } from './framework-info';
import type { HostModule } from './host.types';

interface FastifyApp {
  register(plugin: never, options: TriggerKitHandlerOptions & { prefix: string }): PromiseLike<unknown>;
  post(path: string, handler: (request: { body: unknown }) => Promise<unknown>): unknown;
  listen(options: { port: number; host: string }): Promise<string>;
  close(): Promise<unknown>;
}
/** The host's own `fastify` (default export) and `@triggerkit/fastify`'s `triggerKitServer`. */
export interface FastifyHostParts {
  hostUrl: string;
  fastify: unknown;
  triggerKitServer: unknown;
}

/** The Fastify plugin under /braze, beside a route that keeps Fastify's own JSON parsing. */
export function fastifyHost({ hostUrl, triggerKitServer, ...given }: FastifyHostParts): HostModule {
  const fastify = given.fastify as (options: { forceCloseConnections: boolean }) => FastifyApp;
  return {
    framework: frameworkInfo(hostUrl, 'fastify', { name: '@triggerkit/fastify' }),
    async startHost(options) {
      const app = fastify({ forceCloseConnections: true });
      app.post('/echo', async (request) => request.body);
      await app.register(triggerKitServer as never, { ...options, prefix: '/braze' });
      const origin = await app.listen({ port: 0, host: '127.0.0.1' });
      return {
        url: `${origin}/braze`,
        async close() {
          await app.close();
        },
      };
    },
  };
}

import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { createTriggerKitHandler } from '@triggerkit/core';
import { ConfigurableTriggerKitServerModule, TRIGGERKIT_SERVER_OPTIONS, type TriggerKitServerOptions } from './triggerkit-server.module-definition';
import { TRIGGERKIT_SERVER, type TriggerKitServer } from './triggerkit-server.token';

function createServer(options: TriggerKitServerOptions): TriggerKitServer {
  if ('handler' in options) return { handle: options.handler, bodyLimit: options.bodyLimit, close: async () => {} };
  const { handle, close } = createTriggerKitHandler(options);
  return { handle, close, bodyLimit: options.bodyLimit };
}

/**
 * Hosts the Braze endpoints and `/_mock` under `path` through a controller that delegates to the
 * core handler, on `@nestjs/platform-express` and `@nestjs/platform-fastify` alike (detected). Non-2xx answers surface as `TriggerKitHttpException` (an `HttpException` whose
 * `cause` is the typed `TriggerKitError`), so your exception filters, guards and interceptors apply.
 *
 * @example
 * // in your AppModule's imports:
 * TriggerKitServerModule.forRoot({ path: 'braze', config: { workspaces: [{ name: 'dev', api_keys: [{ key: 'dev-key', permissions: ['campaigns.trigger.send'] }] }] } });
 * // on Express, create the app with { bodyParser: false } (or { rawBody: true }) so bodies reach triggerkit byte for byte;
 * // on Fastify they always do: the module keeps Fastify's parsers off its own routes
 */
@Module({
  providers: [{ provide: TRIGGERKIT_SERVER, useFactory: createServer, inject: [TRIGGERKIT_SERVER_OPTIONS] }],
  exports: [TRIGGERKIT_SERVER],
})
export class TriggerKitServerModule extends ConfigurableTriggerKitServerModule implements OnApplicationShutdown {
  constructor(@Inject(TRIGGERKIT_SERVER) private readonly server: TriggerKitServer) {
    super();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server.close();
  }
}

import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { HttpHandler, TriggerKitHandlerOptions } from '@triggerkit/core';
import { createTriggerKitController } from './triggerkit.controller';

/**
 * Either everything `createTriggerKitHandler` takes, or a handler you created (and close) yourself;
 * `bodyLimit` (default 4 MB) is the largest body read before answering 413.
 */
export type TriggerKitServerOptions = (TriggerKitHandlerOptions | { handler: HttpHandler }) & { bodyLimit?: number };

/** Injection token of the options given to `TriggerKitServerModule.forRoot` / `forRootAsync`. */
export const TRIGGERKIT_SERVER_OPTIONS = Symbol('TRIGGERKIT_SERVER_OPTIONS');

export const {
  ConfigurableModuleClass: ConfigurableTriggerKitServerModule,
  OPTIONS_TYPE: TRIGGERKIT_SERVER_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: TRIGGERKIT_SERVER_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<TriggerKitServerOptions>({ optionsInjectionToken: TRIGGERKIT_SERVER_OPTIONS })
  .setClassMethodName('forRoot')
  // `path` shapes the routes, so it is known synchronously even for forRootAsync.
  .setExtras({ path: '', isGlobal: false }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
    controllers: [createTriggerKitController(extras.path)],
  }))
  .build();

export type TriggerKitServerModuleOptions = typeof TRIGGERKIT_SERVER_OPTIONS_TYPE;
export type TriggerKitServerModuleAsyncOptions = typeof TRIGGERKIT_SERVER_ASYNC_OPTIONS_TYPE;

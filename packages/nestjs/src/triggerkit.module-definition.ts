import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { TriggerKitClientOptions } from '@triggerkit/core';

/** Injection token of the options given to `TriggerKitModule.forRoot` / `forRootAsync`. */
export const TRIGGERKIT_MODULE_OPTIONS = Symbol('TRIGGERKIT_MODULE_OPTIONS');

export const {
  ConfigurableModuleClass: ConfigurableTriggerKitModule,
  OPTIONS_TYPE: TRIGGERKIT_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: TRIGGERKIT_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<TriggerKitClientOptions>({ optionsInjectionToken: TRIGGERKIT_MODULE_OPTIONS })
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: false }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();

export type TriggerKitModuleOptions = typeof TRIGGERKIT_OPTIONS_TYPE;
export type TriggerKitModuleAsyncOptions = typeof TRIGGERKIT_ASYNC_OPTIONS_TYPE;

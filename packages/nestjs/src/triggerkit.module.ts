import { Module } from '@nestjs/common';
import { TriggerKitClient, type TriggerKitClientOptions } from '@triggerkit/core';
import { ConfigurableTriggerKitModule, TRIGGERKIT_MODULE_OPTIONS } from './triggerkit.module-definition';

/** Injection token of the module's `TriggerKitClient` (the class itself works as a token too). */
export const TRIGGERKIT_CLIENT = Symbol('TRIGGERKIT_CLIENT');

/**
 * Provides one injectable `TriggerKitClient`, by class and by `TRIGGERKIT_CLIENT`.
 *
 * @example
 * // in your AppModule's imports:
 * TriggerKitModule.forRootAsync({
 *   isGlobal: true,
 *   imports: [ConfigModule],
 *   inject: [ConfigService],
 *   useFactory: (config: ConfigService) => ({ apiKey: config.getOrThrow('BRAZE_API_KEY'), instance: 'EU-01' }),
 * });
 * // then inject it anywhere: constructor(private readonly triggerKit: TriggerKitClient) {}
 */
@Module({
  providers: [
    {
      provide: TriggerKitClient,
      useFactory: (options: TriggerKitClientOptions) => new TriggerKitClient(options),
      inject: [TRIGGERKIT_MODULE_OPTIONS],
    },
    { provide: TRIGGERKIT_CLIENT, useExisting: TriggerKitClient },
  ],
  exports: [TriggerKitClient, TRIGGERKIT_CLIENT],
})
export class TriggerKitModule extends ConfigurableTriggerKitModule {}

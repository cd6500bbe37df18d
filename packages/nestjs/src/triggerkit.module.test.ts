import 'reflect-metadata';
import { Inject, Injectable, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { TriggerKitClient } from '@triggerkit/core';
import { describe, expect, it } from 'vitest';
import { TRIGGERKIT_CLIENT, TRIGGERKIT_MODULE_OPTIONS, TriggerKitModule } from './index';

const options = { apiKey: 'key-1', baseUrl: 'http://127.0.0.1:9' };

@Injectable()
class OrderService {
  constructor(readonly triggerKit: TriggerKitClient) {}
}

describe('TriggerKitModule', () => {
  it('forRoot provides one TriggerKitClient, by class and by token', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [TriggerKitModule.forRoot(options)], providers: [OrderService] }).compile();
    const client = moduleRef.get(TriggerKitClient);
    expect(client).toBeInstanceOf(TriggerKitClient);
    expect(moduleRef.get(TRIGGERKIT_CLIENT)).toBe(client);
    expect(moduleRef.get(OrderService).triggerKit).toBe(client);
    expect(moduleRef.get(TRIGGERKIT_MODULE_OPTIONS)).toEqual(options);
  });

  it('forRootAsync builds the client from injected configuration', async () => {
    @Module({ providers: [{ provide: 'BRAZE_KEY', useValue: 'from-config' }], exports: ['BRAZE_KEY'] })
    class ConfigModule {}
    const moduleRef = await Test.createTestingModule({
      imports: [
        TriggerKitModule.forRootAsync({
          imports: [ConfigModule],
          inject: ['BRAZE_KEY'],
          useFactory: async (apiKey: string) => ({ apiKey, instance: 'EU-01' as const }),
        }),
      ],
    }).compile();
    expect(moduleRef.get(TRIGGERKIT_MODULE_OPTIONS)).toEqual({ apiKey: 'from-config', instance: 'EU-01' });
    expect(moduleRef.get(TriggerKitClient)).toBeInstanceOf(TriggerKitClient);
  });

  it('isGlobal makes the client injectable in modules that do not import it', async () => {
    @Injectable()
    class Consumer {
      constructor(@Inject(TRIGGERKIT_CLIENT) readonly client: TriggerKitClient) {}
    }
    @Module({ providers: [Consumer], exports: [Consumer] })
    class FeatureModule {}
    const moduleRef = await Test.createTestingModule({ imports: [TriggerKitModule.forRoot({ ...options, isGlobal: true }), FeatureModule] }).compile();
    expect(moduleRef.get(Consumer).client).toBe(moduleRef.get(TriggerKitClient));
    expect(moduleRef.get(TRIGGERKIT_MODULE_OPTIONS)).not.toHaveProperty('isGlobal');
  });

  it('without isGlobal, the client stays inside the importing module', async () => {
    @Injectable()
    class Consumer {
      constructor(readonly client: TriggerKitClient) {}
    }
    @Module({ providers: [Consumer] })
    class FeatureModule {}
    await expect(Test.createTestingModule({ imports: [TriggerKitModule.forRoot(options), FeatureModule] }).compile()).rejects.toThrow(/TriggerKitClient/);
  });

  it.each(['express', 'fastify'] as const)('provides the client in an app on %s', async (platform) => {
    @Module({ imports: [TriggerKitModule.forRoot(options)], providers: [OrderService] })
    class AppModule {}
    const app: INestApplication =
      platform === 'fastify' ? await NestFactory.create(AppModule, new FastifyAdapter(), { logger: false }) : await NestFactory.create(AppModule, { logger: false });
    await app.init();
    expect(app.get(OrderService).triggerKit).toBeInstanceOf(TriggerKitClient);
    await app.close();
  });

  it('surfaces invalid client options when the module starts', async () => {
    await expect(Test.createTestingModule({ imports: [TriggerKitModule.forRoot({ apiKey: '', baseUrl: 'http://127.0.0.1:9' })] }).compile()).rejects.toThrow(/apiKey/);
  });
});

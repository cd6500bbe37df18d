import 'reflect-metadata';
import { Controller, Inject, Injectable, Module, Post, type INestApplication } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { createTriggerKitHandler, listen, TriggerKitClient } from '@triggerkit/core';
import { describe, expect, it } from 'vitest';
import { BrazeExceptionFilter, TRIGGERKIT_CLIENT, TRIGGERKIT_MODULE_OPTIONS, TriggerKitModule } from './index';

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

describe.each(['express', 'fastify'] as const)('a failed Braze call inside a Nest app on %s', (platform) => {
  async function appCalling(apiKey: string, withFilter: boolean) {
    const braze = createTriggerKitHandler({
      config: {
        workspaces: [
          {
            name: 'acme',
            api_keys: [{ key: 'k', permissions: ['campaigns.trigger.send'] }],
            rate_limits: { trigger: { limit: 1, window_seconds: 3600 } },
            campaigns: [{ id: 'welcome', channel: 'email', message: { subject: 'Hi', body: 'Hello' } }],
          },
        ],
      },
    });
    const upstream = await listen(braze.handle);
    @Controller('orders')
    class OrdersController {
      constructor(@Inject(TriggerKitClient) private readonly client: TriggerKitClient) {}
      @Post()
      async create(): Promise<{ ok: true }> {
        await this.client.campaigns.triggerSend({ campaign_id: 'welcome', recipients: [{ external_user_id: 'u-1' }] });
        return { ok: true };
      }
    }
    @Module({
      imports: [TriggerKitModule.forRoot({ apiKey, baseUrl: upstream.url, retry: { maxRetries: 0 } })],
      controllers: [OrdersController],
      providers: withFilter ? [{ provide: APP_FILTER, useClass: BrazeExceptionFilter }] : [],
    })
    class AppModule {}
    const app: INestApplication =
      platform === 'fastify' ? await NestFactory.create(AppModule, new FastifyAdapter(), { logger: false }) : await NestFactory.create(AppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    const url = await app.getUrl();
    return {
      post: () => fetch(`${url.replace('[::1]', '127.0.0.1')}/orders`, { method: 'POST' }),
      close: async () => {
        await app.close();
        await upstream.close();
        await braze.close();
      },
    };
  }

  it('is a 500 without the filter (Braze\'s 401 does not become the app\'s answer)', async () => {
    const app = await appCalling('wrong-key', false);
    expect((await app.post()).status).toBe(500);
    await app.close();
  });

  it('is a 502 with BrazeExceptionFilter, and a 503 with Retry-After when Braze rate-limited', async () => {
    const wrong = await appCalling('wrong-key', true);
    const failed = await wrong.post();
    expect(failed.status).toBe(502);
    expect(await failed.json()).toEqual({ message: 'Bad Gateway: a Braze call failed', code: 'invalid_api_key', braze_status: 401 });
    await wrong.close();
    const app = await appCalling('k', true);
    expect((await app.post()).status).toBe(201);
    const limited = await app.post();
    expect(limited.status).toBe(503);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ code: 'rate_limited', braze_status: 429 });
    await app.close();
  });
});

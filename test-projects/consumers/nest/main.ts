import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { createTriggerKitHandler, listen, type TriggerSendResponse } from '@triggerkit/core';
// A value import on purpose: with emitDecoratorMetadata, Nest injects the client by this class.
// eslint-disable-next-line @typescript-eslint/consistent-type-imports
import { TriggerKitClient } from '@triggerkit/core';
import { TriggerKitModule, TriggerKitServerModule } from '@triggerkit/nestjs';
import { createApp } from './platform.js';
import { API_KEY, config, fail, quietLogger, report } from './shared.config.js';

// A Nest app (11 or 12, on Express or Fastify: platform.ts), compiled by tsc with decorator metadata:
// the server module hosts the Braze endpoints, and a controller gets the client injected by its
// class (emitDecoratorMetadata) and sends to a core server on node:http.
@Controller('orders')
class OrdersController {
  constructor(private readonly triggerKit: TriggerKitClient) {}

  @Post()
  @HttpCode(201)
  place(@Body() order: { user: string }): Promise<TriggerSendResponse> {
    return this.triggerKit.campaigns.triggerSend({ campaign_id: 'welcome', recipients: [{ external_user_id: order.user }] });
  }
}

async function main(): Promise<void> {
  const handler = createTriggerKitHandler({ config, logger: quietLogger });
  const coreServer = await listen(handler.handle);

  @Module({
    imports: [
      TriggerKitModule.forRootAsync({ useFactory: () => ({ baseUrl: coreServer.url, apiKey: API_KEY, retry: false as const }) }),
      TriggerKitServerModule.forRoot({ config, logger: quietLogger, path: 'braze' }),
    ],
    controllers: [OrdersController],
  })
  class AppModule {}

  const app = await createApp(AppModule);
  await app.listen(0, '127.0.0.1');
  const origin = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  try {
    const order = await post(`${origin}/orders`, { user: 'u-1' });
    const hosted = await post(`${origin}/braze/campaigns/trigger/send`, { campaign_id: 'welcome', recipients: [{ external_user_id: 'u-1' }] });
    const invalid = await post(`${origin}/braze/campaigns/trigger/send`, { recipients: [{ external_user_id: 'u-1' }] });
    report({ order, hosted, invalid });
  } finally {
    app.getHttpServer().closeAllConnections();
    await app.close();
    await coreServer.close();
    await handler.close();
  }
}

async function post(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

main().catch(fail);

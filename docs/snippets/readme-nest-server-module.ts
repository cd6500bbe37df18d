// main.ts
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TriggerKitServerModule } from '@triggerkit/nestjs';

@Module({
  imports: [
    TriggerKitServerModule.forRoot({
      path: 'braze', // optional mount path: POST /braze/campaigns/trigger/send, GET /braze/_mock/messages, ...
      config: {
        workspaces: [
          {
            name: 'dev',
            api_keys: [{ key: 'dev-key', permissions: ['campaigns.trigger.send', 'users.track', 'mock.inspect'] }],
            campaigns: [{ id: 'order-confirmation', channel: 'email', message: { subject: 'Order {{api_trigger_properties.${order_id}}}', body: 'Hi' } }],
          },
        ],
      },
    }),
  ],
})
export class AppModule {}

// let triggerkit read request bodies itself (its 4 MB limit, its 400/413 answers)
const app = await NestFactory.create(AppModule, { bodyParser: false }); // or { rawBody: true }
await app.listen(3000);

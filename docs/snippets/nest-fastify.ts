import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { TriggerKitModule, TriggerKitServerModule } from '@triggerkit/nestjs';

@Module({
  imports: [
    TriggerKitModule.forRoot({ apiKey: process.env.BRAZE_API_KEY ?? 'dev-key', instance: 'EU-01', isGlobal: true }),
    TriggerKitServerModule.forRoot({
      path: 'braze',
      config: { workspaces: [{ name: 'dev', api_keys: [{ key: 'dev-key', permissions: ['campaigns.trigger.send'] }] }] },
    }),
  ],
})
class AppModule {}

// Nest's defaults: no bodyParser or rawBody option is needed on Fastify.
const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter());
await app.listen(3000);

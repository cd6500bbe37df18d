// app.module.ts
import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { TriggerKitModule } from '@triggerkit/nestjs';

@Module({
  imports: [
    TriggerKitModule.forRootAsync({
      isGlobal: true,
      imports: [ConfigModule],
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        apiKey: config.getOrThrow<string>('BRAZE_API_KEY'),
        instance: 'EU-01', // or baseUrl: 'http://127.0.0.1:4010' for the mock server
      }),
    }),
  ],
})
export class AppModule {}

import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AppConfig } from './core/config/app-config';
import { AppConfigModule } from './core/config/config.module';
import { ClockModule } from './core/clock/clock.module';
import { CryptoModule } from './core/crypto/crypto.module';
import { DatabaseModule } from './core/database/database.module';
import { EgressModule } from './core/egress/egress.module';
import { EventsModule } from './core/events/events.module';
import { HealthModule } from './core/health/health.module';
import { LoggingModule } from './core/logging/logging.module';
import { MetricsModule } from './core/metrics/metrics.module';
import { AuthModule } from './auth/auth.module';
import { ChannelRegistryModule } from './channel-registry/channel-registry.module';
import { DfoClientModule } from './dfo-client/dfo-client.module';
import { MessagesModule } from './messages/messages.module';
import { OutboxModule } from './outbox/outbox.module';
import { PlatformAdaptersModule } from './platform-adapters/platform-adapters.module';
import { WebchatModule } from './webchat/webchat.module';
import { SandboxModule } from './sandbox/sandbox.module';
import { ThreadsModule } from './threads/threads.module';

/**
 * The whole application, built from one validated `AppConfig` (tests build their own config; `main.ts` reads the
 * environment). Feature modules are listed in `featureModules` below.
 */
@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule.forRoot(config),
        ClockModule,
        CryptoModule,
        EgressModule,
        MetricsModule,
        DatabaseModule.forRoot(config),
        EventsModule.forRoot(config),
        ScheduleModule.forRoot(),
        HealthModule,
        ...featureModules(config),
      ],
    };
  }
}

function featureModules(config: AppConfig): NonNullable<DynamicModule['imports']> {
  return [
    AuthModule,
    DfoClientModule,
    ChannelRegistryModule,
    PlatformAdaptersModule,
    OutboxModule,
    ThreadsModule,
    MessagesModule,
    WebchatModule,
    ...(config.app.sandbox ? [SandboxModule] : []),
  ];
}

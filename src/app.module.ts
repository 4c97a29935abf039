import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AppConfig } from './core/config/app-config';
import { AppConfigModule } from './core/config/config.module';
import { ClockModule } from './core/clock/clock.module';
import { CryptoModule } from './core/crypto/crypto.module';
import { DatabaseModule } from './core/database/database.module';
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
        MetricsModule,
        DatabaseModule.forRoot(config),
        EventsModule.forRoot(config),
        ScheduleModule.forRoot(),
        HealthModule,
        ...featureModules(),
        ...(config.app.sandbox ? [sandboxModule(config)] : []),
      ],
    };
  }
}

function featureModules(): NonNullable<DynamicModule['imports']> {
  return [
    AuthModule,
    DfoClientModule,
    ChannelRegistryModule,
    PlatformAdaptersModule,
    OutboxModule,
    ThreadsModule,
    MessagesModule,
    WebchatModule,
  ];
}

/**
 * Sandbox mode's glue, loaded only in sandbox mode: it brings the emulators, which production never needs and the
 * production image leaves out (Dockerfile), so a production start must not even load the file.
 */
function sandboxModule(config: AppConfig): DynamicModule {
  let loaded: typeof import('./sandbox/sandbox.module');
  try {
    // `require`, not `import()`: synchronous, resolved alike by the compiled CommonJS and by jest, and only run here.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only in sandbox mode (see above)
    loaded = require('./sandbox/sandbox.module') as typeof import('./sandbox/sandbox.module');
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') throw err;
    throw new Error('Sandbox mode needs the DFO emulator (emulators/), which this build does not contain (the production image leaves it out). Set SANDBOX=false with DATABASE_URL and the production secrets, or run sandbox mode from a source checkout (npm start).', { cause: err });
  }
  return loaded.SandboxModule.register(config);
}

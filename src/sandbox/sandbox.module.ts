import { Module } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { join } from 'node:path';
import { ChannelRegistryModule } from '../channel-registry/channel-registry.module';
import { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { SecretBox } from '../core/crypto/secret-box';
import { DemoPageController } from './demo-page.controller';
import { DemoSeeder } from './demo-seed';
import { EmulatorModule } from '../../emulators/dfo/emulator.module';
import { EmulatorStore } from '../../emulators/dfo/store/emulator.store';
import { EmulatorPersistence } from './emulator-persistence';
import { SandboxAccess } from './sandbox-access';

export const SANDBOX_BASE_PATH = '/sandbox';

/**
 * Sandbox mode: the DFO emulator mounted under `/sandbox` in the app (`/sandbox/dfo/3.0`, `/sandbox/auth/token`,
 * `/sandbox/engager/2.0/token`, `/sandbox/agent`, `/sandbox/_emulator`). It also runs standalone (standalone.ts).
 * With the embedded database (no DATABASE_URL) its state is kept in `<dataDir>/sandbox-dfo.json` across restarts.
 * On start-up it seeds the demo brand "The Jungle" pointing at the emulator (demo-seed.ts); the web chat demo page
 * (`/webchat/demo/{channelId}`) is served from here, so it exists in sandbox mode only. The test API and the agent
 * console answer loopback clients only, unless SANDBOX_PUBLIC=true (sandbox-access.ts).
 */
@Module({
  imports: [
    EmulatorModule.register({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ basePath: SANDBOX_BASE_PATH, ...config.sandboxDfo }),
    }),
    RouterModule.register([{ path: SANDBOX_BASE_PATH, module: EmulatorModule }]),
    ChannelRegistryModule,
  ],
  controllers: [DemoPageController],
  providers: [
    SandboxAccess,
    DemoSeeder,
    {
      provide: EmulatorPersistence,
      inject: [APP_CONFIG, EmulatorStore, SecretBox],
      useFactory: (config: AppConfig, store: EmulatorStore, box: SecretBox) =>
        config.database.url === null ? new EmulatorPersistence(store, box, join(config.database.dataDir, 'sandbox-dfo.json')) : null,
    },
  ],
})
export class SandboxModule {}

import { DynamicModule, Module } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { join } from 'node:path';
import { ChannelRegistryModule } from '../channel-registry/channel-registry.module';
import { Clock } from '../core/clock/clock';
import { AppConfig } from '../core/config/app-config';
import { SecretBox } from '../core/crypto/secret-box';
import { DemoSeeder } from './demo-seed';
import { readEmulatorSettings } from '../../emulators/dfo/emulator.config';
import { EmulatorModule } from '../../emulators/dfo/emulator.module';
import { EmulatorStore } from '../../emulators/dfo/store/emulator.store';
import { EmulatorPersistence } from './emulator-persistence';

export const SANDBOX_BASE_PATH = '/sandbox';

/**
 * Sandbox mode: the DFO emulator mounted under `/sandbox` in the app (`/sandbox/dfo/3.0`, `/sandbox/auth/token`,
 * `/sandbox/engager/2.0/token`, `/sandbox/agent`, `/sandbox/_emulator`). It also runs standalone (standalone.ts).
 * With the embedded database (no DATABASE_URL) its state is kept in `<dataDir>/sandbox-dfo.json` across restarts.
 * On start-up it seeds the demo brand "The Jungle" pointing at the emulator (demo-seed.ts).
 */
@Module({})
export class SandboxModule {
  static register(config: AppConfig): DynamicModule {
    // The emulator's settings are the emulator's: it reads its own `SANDBOX_DFO_*` from the variables the app's
    // config was loaded from (`sandboxEnv`), with the same reader as standalone, so both ways of running it agree
    // and the product's config knows nothing of them. Read here, while the module is being built, so that a bad
    // value stops `createApp` with the emulator's message listing every bad variable, before Nest starts anything.
    const settings = readEmulatorSettings(config.sandboxEnv ?? {});
    return {
      module: SandboxModule,
      imports: [
        EmulatorModule.register({
          // With TLS, the emulator (acting as DFO) calls this app over HTTPS: it trusts the app's own certificate.
          options: { useValue: { basePath: SANDBOX_BASE_PATH, ...settings, trustedServerCaPems: [...settings.trustedServerCaPems, ...(config.tls ? [config.tls.cert.toString('utf8')] : [])] } },
          // The app's clock, so that whatever drives it (a test's fixed clock) drives the emulator too.
          clock: { useExisting: Clock },
        }),
        RouterModule.register([{ path: SANDBOX_BASE_PATH, module: EmulatorModule }]),
        ChannelRegistryModule,
      ],
      providers: [
        DemoSeeder,
        {
          provide: EmulatorPersistence,
          inject: [EmulatorStore, SecretBox],
          useFactory: (store: EmulatorStore, box: SecretBox) =>
            config.database.url === null ? new EmulatorPersistence(store, box, join(config.database.dataDir, 'sandbox-dfo.json')) : null,
        },
      ],
    };
  }
}

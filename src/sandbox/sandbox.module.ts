import { Module } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { EmulatorModule } from './emulator.module';

export const SANDBOX_BASE_PATH = '/sandbox';

/**
 * Sandbox mode: the DFO emulator mounted under `/sandbox` in the app (`/sandbox/dfo/3.0`, `/sandbox/auth/token`,
 * `/sandbox/engager/2.0/token`, `/sandbox/agent`, `/sandbox/_emulator`). It also runs standalone (standalone.ts).
 */
@Module({
  imports: [
    EmulatorModule.register({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ basePath: SANDBOX_BASE_PATH, ...config.sandboxDfo }),
    }),
    RouterModule.register([{ path: SANDBOX_BASE_PATH, module: EmulatorModule }]),
  ],
})
export class SandboxModule {}

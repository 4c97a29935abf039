import 'reflect-metadata';
import { ConsoleLogger, LogLevel, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import { SystemEmulatorClock } from './clock';
import { EmulatorConfigError, EmulatorLogLevel, readStandaloneEmulatorConfig } from './emulator.config';
import { EmulatorModule } from './emulator.module';
import { requestIdFor } from './http/request-id';
import { StandaloneErrorFilter } from './http/standalone-error.filter';

export interface StandaloneEmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  tokenTtlSeconds?: number;
  /** `id:secret` pairs; empty (the default) accepts any access key. */
  accessKeys?: string[];
  callTimeoutMs?: number;
  /** PEM certificates trusted for a middleware's HTTPS server besides the public CAs (a test's self-signed server). */
  trustedServerCaPems?: string[];
  /** Default `silent`, which suits tests. */
  logLevel?: EmulatorLogLevel;
}

export interface StandaloneEmulator {
  /** The emulator's root, e.g. `http://127.0.0.1:4010`. */
  url: string;
  /** A brand's `apiBaseUrl`: `<url>/dfo/3.0`. */
  dfoApiBaseUrl: string;
  /** A brand's `authUrl` for `access_key`: `<url>/auth/token`. */
  authUrl: string;
  /** A brand's `authUrl` for `client_credentials`: `<url>/engager/2.0/token`. */
  engagerTokenUrl: string;
  /** The test API: `<url>/_emulator`. */
  testApiUrl: string;
  /** The agent console: `<url>/agent`. */
  consoleUrl: string;
  app: NestFastifyApplication;
  close(): Promise<void>;
}

const NEST_LEVELS: Record<EmulatorLogLevel, LogLevel[]> = {
  silent: [],
  fatal: ['fatal'],
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  trace: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

/**
 * Starts the DFO emulator on its own Fastify app, without Postgres, with every path at the root (`/dfo/3.0`,
 * `/auth/token`, `/engager/2.0/token`, `/agent`, `/_emulator`). e2e tests and benchmarks use it in-process; `npm run
 * sandbox:dfo` runs it as a process.
 */
export async function startStandaloneEmulator(options: StandaloneEmulatorOptions = {}): Promise<StandaloneEmulator> {
  @Module({
    imports: [
      EmulatorModule.register({
        options: {
          useValue: {
            basePath: '',
            tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
            accessKeys: options.accessKeys ?? [],
            callTimeoutMs: options.callTimeoutMs ?? 10000,
            trustedServerCaPems: options.trustedServerCaPems ?? [],
          },
        },
        clock: { useClass: SystemEmulatorClock },
      }),
    ],
  })
  class StandaloneEmulatorModule {}

  const levels = NEST_LEVELS[options.logLevel ?? 'silent'];
  // Temporary attachments arrive base64-encoded in JSON, hence a larger body limit than the app's.
  const adapter = new FastifyAdapter({ genReqId: requestIdFor, bodyLimit: 16 * 1024 * 1024 });
  const app = await NestFactory.create<NestFastifyApplication>(StandaloneEmulatorModule, adapter, {
    logger: levels.length ? new ConsoleLogger('SandboxDfo', { logLevels: levels }) : false,
  });
  app.useGlobalFilters(new StandaloneErrorFilter());
  app.enableShutdownHooks();
  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const address = app.getHttpServer().address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;
  return {
    url,
    dfoApiBaseUrl: `${url}/dfo/3.0`,
    authUrl: `${url}/auth/token`,
    engagerTokenUrl: `${url}/engager/2.0/token`,
    testApiUrl: `${url}/_emulator`,
    consoleUrl: `${url}/agent`,
    app,
    close: () => app.close(),
  };
}

async function main(): Promise<void> {
  let config;
  try {
    config = readStandaloneEmulatorConfig(process.env);
  } catch (err) {
    if (err instanceof EmulatorConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const emulator = await startStandaloneEmulator(config);
  const logger = new ConsoleLogger('SandboxDfo');
  logger.log(`Sandbox DFO emulator listening on ${emulator.url}`);
  logger.log(`  DFO API base URL (brand apiBaseUrl): ${emulator.dfoApiBaseUrl}`);
  logger.log(`  Token URLs: ${emulator.authUrl} (access key), ${emulator.engagerTokenUrl} (client credentials)`);
  logger.log(`  Agent console: ${emulator.consoleUrl}`);
  logger.log(`  Test API: ${emulator.testApiUrl} (see emulators/dfo/README.md)`);
  logger.log(`  Access keys: ${config.accessKeys.length ? `${config.accessKeys.length} configured` : 'any accepted'}; token lifetime ${config.tokenTtlSeconds} s`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}

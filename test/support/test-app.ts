import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { createApp } from '../../src/app.factory';
import { AppConfig } from '../../src/core/config/app-config';
import { withEmbeddedSecrets } from '../../src/core/config/embedded-secrets';
import { loadConfig } from '../../src/core/config/load-config';
import { testDatabaseUrl } from './database';

export const TEST_ADMIN_KEY = 'bb_test_admin_key_0123456789abcdef';

/** The environment of a production-mode app against the test database; tests override what they need. */
export function testEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    SANDBOX: 'false',
    DATABASE_URL: testDatabaseUrl(),
    DATABASE_POOL_SIZE: '5',
    PUBLIC_BASE_URL: 'http://bridge.test',
    TOKEN_SIGNING_SECRET: 'test-token-signing-secret-0123456789abcdef',
    ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    LOG_LEVEL: 'silent',
    ...overrides,
  };
}

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  /** Base URL when started with `listen: true`. */
  url: string;
  close(): Promise<void>;
}

/** Builds the real AppModule on Fastify, exactly as `main.ts` does. `listen` binds an ephemeral port. */
export async function startTestApp(overrides: Record<string, string> = {}, options: { listen?: boolean } = {}): Promise<TestApp> {
  return start(loadConfig(testEnv(overrides)), options.listen ?? false);
}

/**
 * The embedded default as `npm start` runs it with no configuration: PGlite in `dataDir` (one connection), the
 * in-process event bus, and the DFO emulator mounted under `/sandbox`; listening on an ephemeral port.
 */
export async function startEmbeddedApp(dataDir: string, overrides: Record<string, string> = {}): Promise<TestApp> {
  // The secrets the embedded bootstrap generates on a first start (as main.ts runs it), but the test's admin key.
  return start(loadConfig(withEmbeddedSecrets({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ADMIN_API_KEY: TEST_ADMIN_KEY, ...overrides }).env), true);
}

async function start(config: AppConfig, listen: boolean): Promise<TestApp> {
  const app = await createApp(config);
  let url = '';
  if (listen) {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address();
    url = `${config.tls ? 'https' : 'http'}://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }
  return { app, config, url, close: () => app.close() };
}

export function uniqueSuffix(): string {
  return randomBytes(4).toString('hex');
}

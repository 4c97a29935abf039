import { randomBytes } from 'node:crypto';
import { Channel, createBrand, createChannel, createIntegration } from './admin-api';
import { deleteBrands } from './brand-cleanup';
import { EmulatorClient } from './emulator';
import { createApp } from '../../src/app.factory';
import { withEmbeddedSecrets } from '../../src/core/config/embedded-secrets';
import { loadConfig } from '../../src/core/config/load-config';
import { startTestApp, TEST_ADMIN_KEY, TestApp } from './test-app';

/**
 * The whole chain for web chat tests in a browser: a sandbox-mode app (the DFO emulator in-process, acting as the
 * agent's side through our Integration Box) listening on an ephemeral port, with brands and web chat channels
 * created through the admin API and registered in the emulator the way a CXone admin would.
 */
export interface WebchatWorld {
  t: TestApp;
  dfo: EmulatorClient;
  /** A fresh brand, BYOC integration and web chat channel with these lifecycle settings. */
  newChannel(settings?: Record<string, unknown>, allowedOrigins?: string[]): Promise<Channel>;
  /** Stops the app, then deletes the brands it made. */
  close(): Promise<void>;
}

const FAST = { LIFECYCLE_TICK_MS: '200', CASE_SYNC_INTERVAL_MS: '300', OUTBOX_SWEEP_INTERVAL_MS: '200' };

/**
 * Against the test database (`DATABASE_URL`, Postgres LISTEN/NOTIFY), or with `embeddedDataDir` on the embedded
 * default (PGlite in that folder, the in-process event bus), as `npm start` runs it.
 */
export async function startWebchatWorld(env: Record<string, string> = {}, options: { embeddedDataDir?: string } = {}): Promise<WebchatWorld> {
  const t = options.embeddedDataDir ? await startEmbedded(options.embeddedDataDir, { ...FAST, ...env }) : await startTestApp({ SANDBOX: 'true', ...FAST, ...env }, { listen: true });
  const dfo = new EmulatorClient(`${t.url}/sandbox`);
  const brandIds: string[] = [];
  return {
    t,
    dfo,
    async close() {
      await t.close();
      // The embedded database is the test's own folder, deleted with it.
      if (!options.embeddedDataDir) await deleteBrands(brandIds);
    },
    async newChannel(settings = {}, allowedOrigins: string[] = []) {
      const keyId = `wc-key-${randomBytes(6).toString('hex')}`;
      const secret = randomBytes(16).toString('hex');
      const brand = await createBrand(t, { dfo: { apiBaseUrl: dfo.dfoApiBaseUrl, authUrl: dfo.authUrl, authKind: 'access_key', keyId, secret } });
      brandIds.push(brand.id);
      await dfo.registerBrand(brand.dfoBrandId, { friendlyName: brand.name, accessKeys: [{ keyId, secret }] });
      const integration = await createIntegration(t, brand.id);
      await dfo.registerIntegration(integration.channelIntegrationId!, {
        name: integration.name,
        integrationBoxUrl: `${t.url}/integration/box`,
        authorizationUrl: `${t.url}/integration/box/1.0/token`,
        clientId: integration.clientId,
        clientSecret: integration.clientSecret,
        replyApi: '2.0',
        brandId: brand.dfoBrandId,
      });
      // Without a dfoChannelId the registry creates the channel in the emulator first, as in production.
      return createChannel(t, integration.id, { adapter: 'webchat', adapterConfig: { allowedOrigins, title: 'The Jungle, Inc.' }, settings });
    },
  };
}

async function startEmbedded(dataDir: string, env: Record<string, string>): Promise<TestApp> {
  const config = loadConfig(withEmbeddedSecrets({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ADMIN_API_KEY: TEST_ADMIN_KEY, ...env }).env);
  const app = await createApp(config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { app, config, url, close: () => app.close() };
}

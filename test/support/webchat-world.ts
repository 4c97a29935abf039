import { randomBytes } from 'node:crypto';
import { Channel, createBrand, createChannel, createIntegration } from './admin-api';
import { deleteBrands } from './brand-cleanup';
import { EmulatorClient } from './emulator';
import { startTestApp, TestApp } from './test-app';

/**
 * The whole chain for web chat tests in a browser: a sandbox-mode app (the DFO emulator in-process, acting as the
 * agent's side through our Integration Box) listening on an ephemeral port, with brands and web chat channels
 * created through the admin API and registered in the emulator the way a CXone admin would.
 */
export interface WebchatWorld {
  t: TestApp;
  dfo: EmulatorClient;
  /** A fresh brand, BYOC integration and web chat channel with these lifecycle settings. */
  newChannel(settings?: Record<string, unknown>): Promise<Channel>;
  /** Stops the app, then deletes the brands it made. */
  close(): Promise<void>;
}

export async function startWebchatWorld(env: Record<string, string> = {}): Promise<WebchatWorld> {
  const t = await startTestApp({ SANDBOX: 'true', LIFECYCLE_TICK_MS: '200', CASE_SYNC_INTERVAL_MS: '300', OUTBOX_SWEEP_INTERVAL_MS: '200', ...env }, { listen: true });
  const dfo = new EmulatorClient(`${t.url}/sandbox`);
  const brandIds: string[] = [];
  return {
    t,
    dfo,
    async close() {
      await t.close();
      await deleteBrands(brandIds);
    },
    async newChannel(settings = {}) {
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
      return createChannel(t, integration.id, { adapter: 'webchat', adapterConfig: { allowedOrigins: [], title: 'The Jungle, Inc.' }, settings });
    },
  };
}

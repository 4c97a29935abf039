import { randomUUID } from 'node:crypto';
import { Browser, Page } from 'playwright-core';
import { IntegrationTokensService } from '../src/auth/integration-tokens.service';
import { BrandsService } from '../src/channel-registry/brands.service';
import { ChannelDirectory } from '../src/channel-registry/channel-directory.service';
import { IntegrationsService } from '../src/channel-registry/integrations.service';
import { DEMO } from '../src/sandbox/demo-seed';
import { launchChromium, screenshotsOnFailure } from './support/browser';
import { EmulatorClient } from './support/emulator';
import { FakeIntegrationBox, startFakeIntegrationBox } from './support/fake-integration-box';
import { startTestApp, TestApp } from './support/test-app';

const ADMIN = { keyId: null, role: 'admin' as const, brandIds: null };

/**
 * Sandbox mode in a browser: the console served by the app (under its security headers) shows a case of the demo
 * brand, and a typed reply goes out through 401 → our real token endpoint → retry, as the call log shows. The box
 * is a stand-in that accepts exactly the tokens our Integration Box guard accepts.
 */
describe('sandbox mode: agent console in the app (Chromium)', () => {
  let t: TestApp;
  let box: FakeIntegrationBox;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    t = await startTestApp({ SANDBOX: 'true' }, { listen: true });
    const tokens = t.app.get(IntegrationTokensService);
    box = await startFakeIntegrationBox({ verifyToken: async (token) => (await tokens.verify(token)) !== null });
    browser = await launchChromium();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await box?.close();
  });

  it('replies from the console through 401 → token → retry', () =>
    screenshotsOnFailure('agent-console-sandbox', () => [page], async () => {
      const brand = (await t.app.get(BrandsService).list(ADMIN)).find((b) => b.name === DEMO.brandName && b.dfo.apiBaseUrl.endsWith('/sandbox/dfo/3.0'))!;
      const integration = (await t.app.get(IntegrationsService).listForBrand(ADMIN, brand.id)).find((i) => i.name === DEMO.integrationName)!;
      const dfo = new EmulatorClient(`${t.url}/sandbox`);
      await dfo.patchIntegration(integration.channelIntegrationId!, { integrationBoxUrl: box.integrationBoxUrl, authorizationUrl: `${t.url}/integration/box/1.0/token` });
      const credentials = await t.app.get(ChannelDirectory).credentialsForBrand(brand.id);
      const token = await dfo.token(credentials.keyId, credentials.secret);
      const channelId = `chat_${randomUUID()}`;
      await dfo.createChannel(token, { id: channelId, channelIntegrationId: integration.channelIntegrationId!, name: 'Jungle live chat' });
      const nickname = `Nala-${randomUUID().slice(0, 6)}`;
      await dfo.openCase(token, channelId, `t-${randomUUID()}`, 'Where is my parcel?', { idOnExternalPlatform: 'nala', firstName: nickname });
      const since = await dfo.lastCallId();

      await page.goto(`${t.url}/sandbox/agent`);
      await page.getByRole('button', { name: new RegExp(nickname) }).click();
      await page.getByLabel('Reply', { exact: true }).fill('It is on its way, Nala.');
      await page.getByRole('button', { name: 'Send reply' }).click();
      await page.getByRole('status').getByText(/Reply delivered to the middleware/).waitFor();

      const calls = await dfo.calls({ direction: 'out', afterId: since });
      expect(calls.map((c) => [c.context?.action, c.status])).toEqual([['reply', 401], ['token', 200], ['reply', 200]]);
      expect(calls[1]!.path).toBe(`${t.url}/integration/box/1.0/token`);
      expect(box.requests.at(-1)!.body).toMatchObject({ messageContent: { payload: { text: 'It is on its way, Nala.' } }, brand: { id: DEMO.dfoBrandId } });
    }));
});

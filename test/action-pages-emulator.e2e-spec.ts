import { randomInt } from 'node:crypto';
import { DataSource } from 'typeorm';
import { StandaloneEmulator, startStandaloneEmulator } from '../emulators/dfo/standalone';
import { createBrand, createIntegration } from './support/admin-api';
import { EmulatorClient } from './support/emulator';
import { startTestApp, TestApp } from './support/test-app';

const BACK_URL = 'https://na1.nice-incontact.com/DFO/integrations/byoc?tab=channels';
const USER_ID = 5150;

/**
 * The Add action page (docs/architecture.md §6.2) against the contract-faithful emulator instead of a fake: CXone mints
 * the one-time token, the page verifies it, and the channel is created with the admin's access token, under the
 * Integration ID the emulator issued, in the emulator's channel store and here.
 */
describe('action pages against the DFO emulator', () => {
  let t: TestApp;
  let emulator: StandaloneEmulator;
  let dfo: EmulatorClient;

  beforeAll(async () => {
    emulator = await startStandaloneEmulator({ port: 0 });
    dfo = new EmulatorClient(emulator.url);
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
    await emulator.close();
  });

  it('adds a channel: the one-time token is verified by the emulator and the channel lands in its store and here', async () => {
    const dfoBrandId = randomInt(1, 2_000_000_000);
    await dfo.registerBrand(dfoBrandId, { friendlyName: 'The Watering Hole' });
    const brand = await createBrand(t, { dfoBrandId, dfo: { apiBaseUrl: emulator.dfoApiBaseUrl, authUrl: emulator.authUrl } });
    const integration = await createIntegration(t, brand.id, { name: 'Watering Hole' });
    // What the CXone admin types into the BYOC form, from what our admin API showed.
    await dfo.registerIntegration(integration.channelIntegrationId!, {
      integrationBoxUrl: integration.cxone.integrationBoxUrl, authorizationUrl: integration.cxone.authorizationUrl,
      clientId: integration.clientId, clientSecret: integration.clientSecret, replyApi: '2.0', name: integration.name, brandId: dfoBrandId,
    });

    const marker = await dfo.lastCallId();
    const { token } = await dfo.mintOneTimeToken(dfoBrandId, USER_ID, 'channel-integration');
    const query = new URLSearchParams({ userId: String(USER_ID), brandId: String(dfoBrandId), token, backUrl: BACK_URL });
    const shown = await t.app.inject({ method: 'GET', url: `/integration/actions/add/${integration.id}?${query}` });
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('signed in to CXone as <strong>Baloo Bear</strong>');
    const formToken = /<input type="hidden" name="formToken" value="([^"]+)">/.exec(shown.body)?.[1];
    expect(formToken).toBeDefined();

    const fields = { formToken: formToken!, name: 'Watering Hole DMs', adapter: 'webhook', 'webhook.outboundUrl': 'https://platform.example/byoc', 'webhook.signingSecrets': 'watering-hole-signing-secret-01' };
    const done = await t.app.inject({
      method: 'POST', url: '/integration/actions/add', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString(),
    });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(BACK_URL);

    const inEmulator = (await dfo.channels()).filter((c) => c.channelIntegrationId === integration.channelIntegrationId);
    expect(inEmulator).toEqual([expect.objectContaining({ brandId: dfoBrandId, name: 'Watering Hole DMs', realExternalPlatformId: 'custom', isDeleted: false })]);
    const rows = await t.app.get(DataSource).query('SELECT dfo_channel_id, brand_id, status FROM channels WHERE integration_id = $1', [integration.id]);
    expect(rows).toEqual([{ dfo_channel_id: inEmulator[0]!.id, brand_id: brand.id, status: 'active' }]);

    // The page used the admin's one-time-token access, never the brand's own key.
    const calls = await dfo.calls({ direction: 'in', afterId: marker });
    expect(calls.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual(['POST /dfo/3.0/one-time-token/verification 200', 'POST /dfo/3.0/channels 204']);
    expect(calls[0]!.authorization).toBe('none');
    expect(calls[1]!.authorization).toMatch(/^Bearer #/);
  });
});

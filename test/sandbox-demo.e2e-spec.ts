import { randomUUID } from 'node:crypto';
import { IntegrationTokensService } from '../src/auth/integration-tokens.service';
import { BrandsService } from '../src/channel-registry/brands.service';
import { ChannelDirectory } from '../src/channel-registry/channel-directory.service';
import { IntegrationsService } from '../src/channel-registry/integrations.service';
import { DEMO } from '../src/sandbox/demo-seed';
import { EmulatorClient } from './support/emulator';
import { FakeIntegrationBox, startFakeIntegrationBox } from './support/fake-integration-box';
import { startTestApp, TestApp } from './support/test-app';

const ADMIN = { keyId: null, role: 'admin' as const, brandIds: null };

/**
 * Sandbox mode's demo seed: "The Jungle" is created once, registered in the in-process emulator, repaired when the
 * emulator forgot it, and the emulator gets its Integration Box tokens from our real token endpoint.
 */
describe('sandbox mode: the seeded demo brand', () => {
  let t: TestApp;
  let box: FakeIntegrationBox | undefined;

  afterEach(async () => {
    await t?.close();
    await box?.close();
    box = undefined;
  });

  async function demo(app: TestApp) {
    const brands = (await app.app.get(BrandsService).list(ADMIN)).filter((b) => b.name === DEMO.brandName && b.dfo.apiBaseUrl.endsWith('/sandbox/dfo/3.0'));
    expect(brands).toHaveLength(1);
    const [integration] = (await app.app.get(IntegrationsService).listForBrand(ADMIN, brands[0]!.id)).filter((i) => i.name === DEMO.integrationName);
    return { brand: brands[0]!, integration: integration! };
  }

  it('creates the demo once, and re-registers it in an emulator that forgot it', async () => {
    t = await startTestApp({ SANDBOX: 'true' });
    const first = await demo(t);
    expect(first.brand).toMatchObject({ dfoBrandId: 1234, dfo: { apiBaseUrl: 'http://bridge.test/sandbox/dfo/3.0', authUrl: 'http://bridge.test/sandbox/auth/token' } });
    expect(first.integration.channelIntegrationId).toEqual(expect.any(String));
    await t.close();

    // A new process: the emulator's memory is empty (no persistence with DATABASE_URL), the database is not.
    t = await startTestApp({ SANDBOX: 'true' }, { listen: true });
    const second = await demo(t);
    expect(second.brand.id).toBe(first.brand.id);
    expect(second.integration.id).toBe(first.integration.id);
    const dfo = new EmulatorClient(`${t.url}/sandbox`);
    const registered = await dfo.request<{ data: Array<{ channelIntegrationId: string; clientId: string; brandId: number; replyApi: string }> }>('GET', '/_emulator/integrations');
    expect(registered.body.data).toContainEqual(expect.objectContaining({
      channelIntegrationId: second.integration.channelIntegrationId, clientId: second.integration.clientId, brandId: 1234, replyApi: '2.0',
    }));
    const credentials = await t.app.get(ChannelDirectory).credentialsForBrand(second.brand.id);
    expect(credentials).toMatchObject({ authKind: 'access_key', keyId: DEMO.accessKeyId });
    const token = await dfo.token(credentials.keyId, credentials.secret);
    expect((await dfo.dfo<Array<unknown>>('GET', '/channels', token)).status).toBe(200);
  });

  it('fetches Integration Box tokens from our real token endpoint with the seeded credentials (401 → token → retry)', async () => {
    t = await startTestApp({ SANDBOX: 'true' }, { listen: true });
    const { brand, integration } = await demo(t);
    const tokens = t.app.get(IntegrationTokensService);
    const verified: string[] = [];
    box = await startFakeIntegrationBox({
      verifyToken: async (token) => {
        const principal = await tokens.verify(token);
        if (principal) verified.push(principal.integrationId);
        return principal !== null;
      },
    });
    const dfo = new EmulatorClient(`${t.url}/sandbox`);
    // PUBLIC_BASE_URL is not where the test app listens; point the registration at the real token endpoint.
    await dfo.patchIntegration(integration.channelIntegrationId!, { integrationBoxUrl: box.integrationBoxUrl, authorizationUrl: `${t.url}/integration/box/1.0/token` });

    const credentials = await t.app.get(ChannelDirectory).credentialsForBrand(brand.id);
    const token = await dfo.token(credentials.keyId, credentials.secret);
    const channelId = `chat_${randomUUID()}`;
    await dfo.createChannel(token, { id: channelId, channelIntegrationId: integration.channelIntegrationId! });
    const threadId = `t-${randomUUID()}`;
    const created = await dfo.dfo<{ consumerContact: { id: string } }>('POST', `/channels/${channelId}/messages`, token, {
      idOnExternalPlatform: `m-${randomUUID()}`, thread: { idOnExternalPlatform: threadId }, direction: 'inbound', createdAtWithMilliseconds: new Date().toISOString(),
      messageContent: { type: 'TEXT', payload: { text: 'Is my order on its way?' } }, authorEndUserIdentity: { idOnExternalPlatform: 'simba', firstName: 'Simba' },
    });
    const since = await dfo.lastCallId();
    const reply = await dfo.reply(created.body.consumerContact.id, 'It left the warehouse this morning.');

    expect(reply.agentDelivery).toMatchObject({ state: 'sent', httpStatus: 200 });
    const calls = await dfo.calls({ direction: 'out', afterId: since });
    expect(calls.map((c) => [c.context?.action, c.status, c.path])).toEqual([
      ['reply', 401, `${box.integrationBoxUrl}/2.0/channel/${channelId}/outbound`],
      ['token', 200, `${t.url}/integration/box/1.0/token`],
      ['reply', 200, `${box.integrationBoxUrl}/2.0/channel/${channelId}/outbound`],
    ]);
    expect(verified).toEqual([integration.id]);
    expect(box.requests.at(-1)!.body).toMatchObject({ brand: { id: 1234, friendlyName: 'The Jungle' }, thread: { idOnExternalPlatform: threadId } });
  });
});

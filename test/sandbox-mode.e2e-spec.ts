import { randomUUID } from 'node:crypto';
import { EmulatorClient } from './support/emulator';
import { FakeIntegrationBox, startFakeIntegrationBox } from './support/fake-integration-box';
import { startTestApp, TestApp } from './support/test-app';

/** The emulator inside the app (sandbox mode), mounted under /sandbox next to byoc-bridge's own API. */
describe('sandbox mode: the emulator mounted in the app', () => {
  let t: TestApp;
  let dfo: EmulatorClient;
  let box: FakeIntegrationBox;

  beforeAll(async () => {
    t = await startTestApp({ SANDBOX: 'true', SANDBOX_DFO_TOKEN_TTL_S: '120' }, { listen: true });
    dfo = new EmulatorClient(`${t.url}/sandbox`);
    box = await startFakeIntegrationBox();
  });
  afterAll(async () => {
    await t.close();
    await box.close();
  });

  it('serves the DFO API, tokens with the configured lifetime, and the agent console under /sandbox', async () => {
    const token = await dfo.request<{ expires_in: number; access_token: string }>('POST', '/auth/token', { body: { grant_type: 'password', username: 'k', password: 's' } });
    expect(token.body.expires_in).toBe(120);
    expect((await dfo.dfo('GET', '/channels', token.body.access_token)).status).toBe(200);

    const page = await dfo.request<string>('GET', '/agent');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.body).toContain('<script src="/sandbox/agent/console.js" data-base="/sandbox"></script>');
    const script = await dfo.request<string>('GET', '/agent/console.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('application/javascript');
  });

  it('answers in DFO format under /sandbox/dfo/3.0 and in our own format elsewhere', async () => {
    const dfoMissing = await dfo.request<{ errors: unknown[]; uid: string }>('GET', '/dfo/3.0/nothing-here');
    expect(dfoMissing.status).toBe(404);
    expect(dfoMissing.body).toEqual({ errors: [expect.objectContaining({ message: expect.any(String) })], uid: expect.any(String) });
    const ours = await t.app.inject({ method: 'GET', url: '/no/such/route' });
    expect(ours.json()).toMatchObject({ statusCode: 404, code: 'ROUTE.NOT_FOUND' });
  });

  it('replies from the agent side through 401 → token → retry, shown in the call log', async () => {
    const token = await dfo.token();
    const integrationId = randomUUID();
    await dfo.registerIntegration(integrationId, { integrationBoxUrl: box.integrationBoxUrl, authorizationUrl: box.authorizationUrl, clientId: box.clientId, clientSecret: box.clientSecret, replyApi: '2.0' });
    const channelId = `chat_${randomUUID()}`;
    await dfo.createChannel(token, { id: channelId, channelIntegrationId: integrationId });
    const threadId = `t-${randomUUID()}`;
    const created = await dfo.dfo<{ consumerContact: { id: string } }>('POST', `/channels/${channelId}/messages`, token, {
      idOnExternalPlatform: 'm-1', thread: { idOnExternalPlatform: threadId }, direction: 'inbound', createdAtWithMilliseconds: '2026-01-02T03:04:05.678Z',
      messageContent: { type: 'TEXT', payload: { text: 'Jambo' } }, authorEndUserIdentity: { idOnExternalPlatform: 'simba' },
    });
    const since = await dfo.lastCallId();
    const reply = await dfo.reply(created.body.consumerContact.id, 'Jambo, Simba!');
    expect(reply.agentDelivery?.state).toBe('sent');
    const calls = await dfo.calls({ direction: 'out', afterId: since });
    expect(calls.map((c) => [c.context?.action, c.status])).toEqual([['reply', 401], ['token', 200], ['reply', 200]]);
    const inbound = await dfo.calls({ direction: 'in', path: `/dfo/3.0/channels/${channelId}/messages` });
    expect(inbound.map((c) => c.status)).toEqual([200]);
  });
});

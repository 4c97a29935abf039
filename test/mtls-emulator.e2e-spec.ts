import { randomUUID } from 'node:crypto';
import { bearer } from './support/admin-api';
import { EmulatorWorld, JungleChannel, simbaSays } from './support/emulator-world';
import { signedWebhook } from './support/fake-platform';
import { httpsJson, makeServerCertificate, ServerCertificate } from './support/tls';

/**
 * One story with mTLS end to end, as DFO runs it: byoc-bridge serves HTTPS, the admin issues credentials and
 * pastes them into the emulator's BYOC form (its test API), switches to enforce, and the emulator (DFO's agent
 * side) presents that client certificate on its token request and Integration Box calls.
 */
describe('mTLS end to end with the DFO emulator presenting its client certificate', () => {
  let server: ServerCertificate;
  let w: EmulatorWorld;
  let ch: JungleChannel;
  let channelIntegrationId: string;

  beforeAll(async () => {
    server = await makeServerCertificate();
    w = await EmulatorWorld.start(server.env, { trustedServerCaPems: [server.certificatePem] });
    ch = await w.channel();
    channelIntegrationId = ch.channelIntegrationId;
  });
  afterAll(() => w.close());

  const admin = (method: 'POST' | 'PUT', path: string, payload: object) =>
    w.t.app.inject({ method, url: `/api/v1/integrations/${ch.integrationId}${path}`, headers: bearer(), payload });

  async function endUserWrites(threadId: string, text: string): Promise<string> {
    const signed = signedWebhook(ch.secret, simbaSays(`m-${randomUUID()}`, threadId, text));
    const res = await httpsJson(`${w.t.url}/webhooks/${ch.dfoChannelId}`, { ca: server.certificatePem, headers: signed.headers, body: signed.payload });
    expect(res.status).toBe(202);
    return (await w.dfo.waitForCase(threadId, ch.dfoChannelId)).id;
  }

  it('delivers an agent reply through the token endpoint and the Integration Box, both under enforce', async () => {
    const issued = (await admin('POST', '/mtls/credentials', {})).json();
    await w.dfo.patchIntegration(channelIntegrationId, {
      clientCertificate: { certificatePem: issued.clientCertificatePem, privateKeyPem: issued.privateKeyPem, privateKeyPassword: issued.privateKeyPassword, caCertificatePem: issued.caCertificatePem },
    });
    expect((await admin('PUT', '/mtls', { mode: 'enforce' })).statusCode).toBe(200);

    const caseId = await endUserWrites('t-mtls-1', 'Is the watering hole open?');
    const since = await w.dfo.lastCallId();
    const reply = await w.dfo.reply(caseId, 'Yes, all day.');
    expect(reply.agentDelivery).toMatchObject({ state: 'sent', httpStatus: 200 });
    const delivered = await ch.platform.waitFor((r) => r.body.type === 'message' && r.body.text === 'Yes, all day.');
    expect(delivered.signatureValid).toBe(true);
    const calls = await w.dfo.calls({ direction: 'out', afterId: since });
    expect(calls.map((c) => [c.context?.action, c.status])).toEqual([['reply', 401], ['token', 200], ['reply', 200]]);
    expect(calls.every((c) => c.path.startsWith('https://'))).toBe(true);
    const metrics = (await w.t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(new RegExp(`mtls_verifications_total\\{integration="${ch.integrationId}",result="valid"\\} [2-9]`));
  });

  it('fails the agent reply, and reaches no one, once the emulator stops presenting the certificate', async () => {
    const caseId = await endUserWrites('t-mtls-2', 'Still open?');
    await w.dfo.patchIntegration(channelIntegrationId, { clientCertificate: null });
    const reply = await w.dfo.reply(caseId, 'Nobody should see this');
    expect(reply.agentDelivery).toMatchObject({ state: 'failed', httpStatus: 401, error: 'token request failed: HTTP 401' });
    expect(ch.platform.ofType('message').some((r) => r.body.text === 'Nobody should see this')).toBe(false);
  });
});

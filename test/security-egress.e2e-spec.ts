import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { bearer, createBrand, createChannel, createIntegration, CreatedIntegration, integrationToken } from './support/admin-api';
import { deleteBrands } from './support/brand-cleanup';
import { FakePlatform } from './support/fake-platform';
import { startTestApp, TestApp } from './support/test-app';
import { waitFor } from './support/wait';

/**
 * The egress policy (architecture.md §7, issue 15 finding 5) with its production default, EGRESS_ALLOW_PRIVATE_NETWORKS
 * unset: outbound HTTP reaches public hosts over https only. A URL that points inward is refused when it is saved
 * (400 naming the field, nothing stored), and a name that resolves inward is refused when the connection is made,
 * after DNS, with nothing sent and nothing in `last_error` that would tell a port scanner anything.
 */
describe('egress policy: no private networks allowed (the production default)', () => {
  let t: TestApp;
  let platform: FakePlatform;
  const brandIds: string[] = [];
  const secret = randomBytes(24).toString('hex');
  // Never resolves (RFC 6761), so the brand's DFO calls fail without reaching anything.
  const nowhere = { apiBaseUrl: 'https://dfo.invalid/dfo/3.0', authUrl: 'https://dfo.invalid/auth/token' };

  beforeAll(async () => {
    t = await startTestApp({
      EGRESS_ALLOW_PRIVATE_NETWORKS: 'none',
      OUTBOX_SWEEP_INTERVAL_MS: '200',
      OUTBOX_BACKOFF_BASE_MS: '50',
      OUTBOX_BACKOFF_MAX_MS: '100',
      OUTBOX_MAX_ATTEMPTS: '3',
    });
    platform = await FakePlatform.start({ secrets: secret });
  });
  afterAll(async () => {
    await t.close();
    await deleteBrands(brandIds);
    await platform.close();
  });

  const db = () => t.app.get(DataSource);
  const api = (method: 'POST' | 'PATCH', url: string, payload: object) => t.app.inject({ method, url, headers: bearer(), payload });

  async function integration(): Promise<CreatedIntegration> {
    const brand = await createBrand(t, { dfo: nowhere });
    brandIds.push(brand.id);
    return createIntegration(t, brand.id);
  }

  it('refuses a brand whose DFO URLs point inward or use plain http, naming the field, and stores nothing', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ apiBaseUrl: 'https://169.254.169.254/dfo/3.0' }, 'dfo.apiBaseUrl'],
      [{ apiBaseUrl: 'http://api-de-na1.niceincontact.com/dfo/3.0' }, 'dfo.apiBaseUrl'],
      [{ apiBaseUrl: 'https://api-de-na1.niceincontact.com/dfo/3.0', authUrl: 'https://10.0.0.7/auth/token' }, 'dfo.authUrl'],
      [{ apiBaseUrl: 'https://api-de-na1.niceincontact.com/dfo/3.0', authUrl: 'https://[::1]:8443/auth/token' }, 'dfo.authUrl'],
      // The default auth URL of client_credentials is on the API's host, so it is checked as well.
      [{ apiBaseUrl: 'https://127.0.0.1/dfo/3.0' }, 'dfo.apiBaseUrl'],
    ];
    for (const [dfo, field] of cases) {
      const tenantId = randomUUID();
      const res = await api('POST', '/api/v1/brands', {
        name: 'Inward', tenantId, dfoBrandId: 7, businessUnitId: 7,
        dfo: { authKind: 'client_credentials', keyId: 'k', secret: 's', ...dfo },
      });
      expect([dfo, res.statusCode, res.json().field]).toEqual([dfo, 400, field]);
      expect(res.json().message).toMatch(/EGRESS_ALLOW_PRIVATE_NETWORKS|https/);
      expect(await db().query('SELECT id FROM brands WHERE tenant_id = $1', [tenantId])).toEqual([]);
    }
  });

  it('refuses webhook outbound URLs at the metadata service, private networks, loopback, and plain http, naming the field', async () => {
    const { id } = await integration();
    const inward = [
      'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
      'https://169.254.169.254/latest/meta-data/',
      'https://10.0.0.8/hook',
      'https://192.168.1.20/hook',
      'https://127.0.0.1:8443/hook',
      'https://[::1]/hook',
      'https://[::ffff:7f00:1]/hook',
      'https://[fd00::5]/hook',
      'https://2130706433/hook',
      'http://platform.example/hook',
    ];
    for (const outboundUrl of inward) {
      const res = await api('POST', `/api/v1/integrations/${id}/channels`, {
        name: 'c', adapter: 'webhook', dfoChannelId: `d-${randomUUID()}`, adapterConfig: { outboundUrl, signingSecrets: [secret] },
      });
      expect([outboundUrl, res.statusCode, res.json().field]).toEqual([outboundUrl, 400, 'adapterConfig.outboundUrl']);
    }
    expect(await db().query('SELECT id FROM channels WHERE integration_id = $1', [id])).toEqual([]);

    const channel = await createChannel(t, id, { dfoChannelId: `d-${randomUUID()}`, adapterConfig: { outboundUrl: 'https://platform.example/hook', signingSecrets: [secret] } });
    const patched = await api('PATCH', `/api/v1/channels/${channel.id}`, { adapterConfig: { outboundUrl: 'https://10.1.1.1/hook' } });
    expect([patched.statusCode, patched.json().field]).toEqual([400, 'adapterConfig.outboundUrl']);
    const [row] = await db().query('SELECT adapter_config FROM channels WHERE id = $1', [channel.id]);
    expect(row.adapter_config.outboundUrl).toBe('https://platform.example/hook');
  });

  it('refuses at connect time a name that resolves to loopback: the delivery is dead with "egress refused", and nothing reached the listener', async () => {
    const created = await integration();
    // Saved: a name can only be judged once resolved, which is what the connection does.
    const outboundUrl = `https://localhost:${new URL(platform.url).port}/byoc`;
    const channel = await createChannel(t, created.id, { dfoChannelId: `d-${randomUUID()}`, adapterConfig: { outboundUrl, signingSecrets: [secret] } });
    const token = await integrationToken(t, created.clientId, created.clientSecret);
    const threadRef = `agent-${randomUUID()}`;
    const res = await t.app.inject({
      method: 'POST',
      url: `/integration/box/2.0/channel/${channel.dfoChannelId}/outbound`,
      headers: { authorization: `Bearer ${token}` },
      payload: {
        thread: { idOnExternalPlatform: threadRef },
        messageContent: { type: 'TEXT', payload: { text: 'Your order shipped' } },
        endUserRecipients: [{ idOnExternalPlatform: 'u-nala', name: 'Nala', isPrimary: true, isPrivate: true }],
        authorUser: { id: 42, firstName: 'Baloo', surname: 'Bear' },
      },
    });
    expect(res.statusCode).toBe(200);
    const dead = await waitFor(async () => {
      const [row] = await db().query(`SELECT status, attempts, last_error FROM deliveries WHERE channel_id = $1 AND kind = 'platform.send'`, [channel.id]);
      return row?.status === 'dead' ? row : undefined;
    }, 'the platform send to be refused');
    // Refused is final: one attempt, and a reason that names neither the address nor the port nor any answer.
    expect(dead).toEqual({ status: 'dead', attempts: 1, last_error: 'ADAPTER.REJECTED: egress refused' });
    expect(platform.requests).toEqual([]);
  });
});

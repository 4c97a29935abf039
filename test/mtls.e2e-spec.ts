import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createCertificateAuthority, createClientCertificate, encryptPrivateKey, issueClientCredentials } from '../src/core/crypto/x509/certificate-issuer';
import { bearer, createBrand, createChannel, createIntegration, CreatedIntegration } from './support/admin-api';
import { deleteBrands } from './support/brand-cleanup';
import { FakePlatform } from './support/fake-platform';
import { startTestApp, TestApp } from './support/test-app';
import { ClientCredentials, httpsJson, makeServerCertificate } from './support/tls';

const DAY = 86_400_000;
const PROXY_ADDRESS = '127.0.0.2';
const CERT_HEADER = 'X-Client-Cert';

/**
 * mTLS between CXone and byoc-bridge (architecture.md §9.4) over real TLS: the app serves HTTPS with a self-signed
 * certificate made here, and Node's https client calls the token endpoint and an Integration Box route the way
 * CXone would, with the credentials the admin API issued (encrypted key and its password), with none, with another
 * CA's, with an expired one, and through a "proxy" (127.0.0.2, in TRUSTED_PROXIES) passing the certificate in a header.
 */
describe('mTLS between CXone and byoc-bridge (real TLS)', () => {
  let t: TestApp;
  let ca: string;
  let platform: FakePlatform;
  let integration: CreatedIntegration;
  let dfoChannelId: string;
  let issued: { caCertificatePem: string; clientCertificatePem: string; privateKeyPem: string; privateKeyPassword: string; fingerprintSha256: string; notAfter: string };
  let cxone: ClientCredentials;
  const brandIds: string[] = [];

  beforeAll(async () => {
    const server = await makeServerCertificate();
    ca = server.certificatePem;
    t = await startTestApp({ ...server.env, TRUSTED_PROXIES: PROXY_ADDRESS, MTLS_CLIENT_CERT_HEADER: CERT_HEADER, OUTBOX_MAX_ATTEMPTS: '1' }, { listen: true });
    const secret = randomBytes(24).toString('hex');
    platform = await FakePlatform.start({ secrets: secret });
    const brand = await createBrand(t);
    brandIds.push(brand.id);
    integration = await createIntegration(t, brand.id);
    dfoChannelId = `chat_${randomUUID()}`;
    await createChannel(t, integration.id, { dfoChannelId, adapterConfig: { outboundUrl: platform.url, signingSecrets: [secret] } });
  });
  afterAll(async () => {
    await t.close();
    await deleteBrands(brandIds);
    await platform.close();
  });

  const admin = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1/integrations/${integration.id}${path}`, headers: bearer(), ...(payload ? { payload } : {}) });
  const setMode = async (mode: 'off' | 'report' | 'enforce', trustedCaPems?: string[]) => {
    const res = await admin('PUT', '/mtls', { mode, ...(trustedCaPems ? { trustedCaPems } : {}) });
    expect(res.statusCode).toBe(200);
    return res.json() as { mode: string; trusted: Array<{ subject: string; fingerprintSha256: string; notAfter: string }> };
  };
  const token = (client?: ClientCredentials, options: { headers?: Record<string, string>; localAddress?: string } = {}) =>
    httpsJson(`${t.url}/integration/box/1.0/token`, {
      ca,
      client,
      ...options,
      body: { grant_type: 'client_credentials', client_id: integration.clientId, client_secret: integration.clientSecret },
    });
  /** An agent-initiated outbound message (a.3 with endUserRecipients): 200 once it is accepted. */
  const outbound = (accessToken: string, client?: ClientCredentials, options: { headers?: Record<string, string>; localAddress?: string } = {}) =>
    httpsJson(`${t.url}/integration/box/2.0/channel/${dfoChannelId}/outbound`, {
      ca,
      client,
      localAddress: options.localAddress,
      headers: { authorization: `Bearer ${accessToken}`, ...options.headers },
      body: {
        brand: { id: 1234 },
        thread: { idOnExternalPlatform: `agent-${randomUUID()}`, threadName: '' },
        messageContent: { type: 'TEXT', payload: { text: 'Hello from The Jungle' } },
        endUserRecipients: [{ idOnExternalPlatform: 'u-nala', name: 'Nala', isPrimary: true, isPrivate: true }],
        attachments: [],
      },
    });
  /** A token obtained while mTLS is off (tokens are not bound to a certificate; the Box checks the certificate itself). */
  let plainToken: string;
  const failures = async (result: string): Promise<number> => {
    const text = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    const line = text.split('\n').find((l) => l.startsWith(`mtls_verifications_total{integration="${integration.id}",result="${result}"}`));
    return line ? Number(line.split(' ').at(-1)) : 0;
  };

  it('issues the three PEMs and the password CXone\'s form takes; the new CA is trusted, nothing secret is stored', async () => {
    const res = await admin('POST', '/mtls/credentials', { validDays: 90 });
    expect(res.statusCode).toBe(201);
    issued = res.json();
    expect(issued).toEqual({
      caCertificatePem: expect.stringMatching(/^-----BEGIN CERTIFICATE-----/),
      clientCertificatePem: expect.stringMatching(/^-----BEGIN CERTIFICATE-----/),
      privateKeyPem: expect.stringMatching(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/),
      privateKeyPassword: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/),
      fingerprintSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      notAfter: expect.any(String),
    });
    expect(Math.abs(new Date(issued.notAfter).getTime() - (Date.now() + 90 * DAY))).toBeLessThan(120_000);
    cxone = { certificatePem: issued.clientCertificatePem, privateKeyPem: issued.privateKeyPem, password: issued.privateKeyPassword };

    const shown = (await admin('GET', '')).json() as { mtls: unknown };
    expect(shown.mtls).toEqual({ mode: 'off', trusted: [{ subject: expect.stringContaining('byoc-bridge mTLS CA'), fingerprintSha256: issued.fingerprintSha256, notAfter: issued.notAfter }] });

    // Every column of every table, as text: neither the password nor any part of the key is anywhere.
    const keyBody = issued.privateKeyPem.split('\n')[5]!;
    const tables = await t.app.get(DataSource).query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
    for (const { table_name: table } of tables as Array<{ table_name: string }>) {
      const [found] = await t.app.get(DataSource).query(
        `SELECT count(*)::int AS n FROM "${table}" t WHERE t::text LIKE '%' || $1 || '%' OR t::text LIKE '%' || $2 || '%' OR t::text LIKE '%PRIVATE KEY%'`,
        [issued.privateKeyPassword, keyBody],
      );
      expect({ table, n: found.n }).toEqual({ table, n: 0 });
    }
    plainToken = (await token()).body.access_token as string;
    expect(plainToken).toEqual(expect.any(String));
  });

  it('enforce: the issued certificate with its encrypted key and password gets a token and an Integration Box answer', async () => {
    expect((await setMode('enforce')).trusted.map((c) => c.fingerprintSha256)).toEqual([issued.fingerprintSha256]);
    const granted = await token(cxone);
    expect(granted.status).toBe(200);
    expect(granted.body).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String) });
    const sent = await outbound(granted.body.access_token as string, cxone);
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ message: { idOnExternalPlatform: expect.any(String) } });
    await platform.waitFor((r) => r.body.type === 'message' && r.body.id === (sent.body.message as { idOnExternalPlatform: string }).idOnExternalPlatform);
  });

  it('enforce: no certificate gets 401, invalid_client on the token endpoint', async () => {
    const before = await failures('missing');
    expect(await token()).toEqual({ status: 401, body: { error: 'invalid_client' } });
    const refused = await outbound(plainToken);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ code: 'AUTH.CLIENT_CERTIFICATE_REQUIRED' });
    expect(await failures('missing')).toBe(before + 2);
  });

  it('enforce: a certificate from another CA gets 401', async () => {
    const other = await issueClientCredentials({ CN: 'Somebody else\'s CA' }, { CN: 'CXone BYOC' }, { notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + DAY) });
    const stranger = { certificatePem: other.clientCertificatePem, privateKeyPem: other.privateKeyPem, password: other.privateKeyPassword };
    expect(await token(stranger)).toEqual({ status: 401, body: { error: 'invalid_client' } });
    expect((await outbound(plainToken, stranger)).status).toBe(401);
  });

  it('enforce with our own CA: its current certificate passes, an expired (backdated) one gets 401', async () => {
    const own = await createCertificateAuthority({ CN: 'The Jungle own CA' }, { notBefore: new Date(Date.now() - 60 * DAY), notAfter: new Date(Date.now() + 365 * DAY) });
    const leaf = async (from: number, to: number): Promise<ClientCredentials> => {
      const made = await createClientCertificate(own, { CN: 'CXone' }, { notBefore: new Date(Date.now() + from * DAY), notAfter: new Date(Date.now() + to * DAY) });
      const { privateKeyPem, password } = encryptPrivateKey(made.privateKey);
      return { certificatePem: made.certificatePem, privateKeyPem, password };
    };
    const trusted = await setMode('enforce', [issued.caCertificatePem, own.certificate.toString('pem')]);
    expect(trusted.trusted).toHaveLength(2);

    const current = await leaf(-1, 30);
    expect((await token(current)).status).toBe(200);
    expect((await outbound(plainToken, current)).status).toBe(200);
    const before = await failures('expired');
    const expired = await leaf(-30, -1);
    expect(await token(expired)).toEqual({ status: 401, body: { error: 'invalid_client' } });
    expect((await outbound(plainToken, expired)).status).toBe(401);
    expect(await failures('expired')).toBe(before + 2);
    await setMode('enforce', [issued.caCertificatePem]);
  });

  it('report: a call without a certificate passes, and the metric counts the failure', async () => {
    await setMode('report');
    const before = await failures('missing');
    const granted = await token();
    expect(granted.status).toBe(200);
    expect((await outbound(granted.body.access_token as string)).status).toBe(200);
    expect(await failures('missing')).toBe(before + 2);
    const good = await failures('valid');
    expect((await token(cxone)).status).toBe(200);
    expect(await failures('valid')).toBe(good + 1);
  });

  it('behind a proxy: the header from a trusted address counts, the same header from anyone else is ignored', async () => {
    await setMode('enforce');
    const header = { [CERT_HEADER]: encodeURIComponent(issued.clientCertificatePem) };
    const viaProxy = await token(undefined, { headers: header, localAddress: PROXY_ADDRESS });
    expect(viaProxy.status).toBe(200);
    expect((await outbound(viaProxy.body.access_token as string, undefined, { headers: header, localAddress: PROXY_ADDRESS })).status).toBe(200);

    expect(await token(undefined, { headers: header })).toEqual({ status: 401, body: { error: 'invalid_client' } });
    expect((await outbound(plainToken, undefined, { headers: header })).status).toBe(401);
    // The proxy's connection without the header: nothing was presented, whatever the proxy's own TLS carries.
    expect((await token(cxone, { localAddress: PROXY_ADDRESS })).status).toBe(401);
  });

  it('requires no certificate of the admin API or health checks on the same port', async () => {
    const health = await httpsJson(`${t.url}/health/live`, { ca });
    expect(health.status).toBe(200);
    const read = await httpsJson(`${t.url}/api/v1/integrations/${integration.id}`, { ca, headers: bearer() });
    expect(read.status).toBe(200);
    expect(read.body.mtls).toMatchObject({ mode: 'enforce' });
  });
});

import { X509Certificate } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MtlsExpiryMonitor } from '../src/channel-registry/mtls/mtls-expiry.monitor';
import { createCertificateAuthority, createClientCertificate } from '../src/core/crypto/x509/certificate-issuer';
import { bearer, createApiKey, createBrand, createIntegration, CreatedIntegration } from './support/admin-api';
import { deleteBrands } from './support/brand-cleanup';
import { startTestApp, TestApp } from './support/test-app';

const DAY = 86_400_000;
const window = (from: number, to: number) => ({ notBefore: new Date(Date.now() + from * DAY), notAfter: new Date(Date.now() + to * DAY) });

/** The mTLS admin API (architecture.md §9.4) without TLS: bring your own CA, removal, refusals, and the expiry check. */
describe('mTLS settings through the admin API', () => {
  let t: TestApp;
  const brandIds: string[] = [];
  let caPem: string;
  let otherCaPem: string;

  beforeAll(async () => {
    t = await startTestApp();
    caPem = (await createCertificateAuthority({ CN: 'Jungle CA', O: 'The Jungle' }, window(-1, 400))).certificate.toString('pem');
    otherCaPem = (await createCertificateAuthority({ CN: 'Jungle CA 2' }, window(-1, 20))).certificate.toString('pem');
  });
  afterAll(async () => {
    await t.close();
    await deleteBrands(brandIds);
  });

  async function newIntegration(): Promise<CreatedIntegration> {
    const brand = await createBrand(t);
    brandIds.push(brand.id);
    return createIntegration(t, brand.id);
  }
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, key?: string) =>
    t.app.inject({ method, url, headers: bearer(key), ...(payload ? { payload } : {}) });
  const fingerprintOf = (pem: string) => new X509Certificate(pem).fingerprint256.replace(/:/g, '').toLowerCase();

  it('brings your own CAs (several at once), shows them by subject, fingerprint and expiry, and removes one by fingerprint', async () => {
    const integration = await newIntegration();
    const put = await call('PUT', `/api/v1/integrations/${integration.id}/mtls`, { mode: 'report', trustedCaPems: [caPem, otherCaPem, `subject=CN=Jungle CA\n${caPem}`] });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({
      mode: 'report',
      // The first to expire first; the same certificate given twice is kept once.
      trusted: [
        { subject: 'CN=Jungle CA 2', fingerprintSha256: fingerprintOf(otherCaPem), notAfter: new Date(new X509Certificate(otherCaPem).validTo).toISOString() },
        { subject: 'CN=Jungle CA, O=The Jungle', fingerprintSha256: fingerprintOf(caPem), notAfter: expect.any(String) },
      ],
    });
    expect((await call('GET', `/api/v1/integrations/${integration.id}`)).json().mtls).toEqual(put.json());

    // openssl's spelling of a fingerprint (colons, upper case) is accepted too.
    const colons = new X509Certificate(otherCaPem).fingerprint256;
    const removed = await call('DELETE', `/api/v1/integrations/${integration.id}/mtls/trusted/${encodeURIComponent(colons)}`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json().trusted.map((c: { fingerprintSha256: string }) => c.fingerprintSha256)).toEqual([fingerprintOf(caPem)]);
    expect((await call('DELETE', `/api/v1/integrations/${integration.id}/mtls/trusted/${fingerprintOf(otherCaPem)}`)).json()).toMatchObject({ code: 'INTEGRATION.MTLS_CA_NOT_FOUND' });
  });

  it('answers 400 naming each bad PEM (garbage, a private key, an expired CA, a client certificate), and stores none of the list', async () => {
    const integration = await newIntegration();
    await call('PUT', `/api/v1/integrations/${integration.id}/mtls`, { mode: 'report', trustedCaPems: [caPem] });
    const expiredCa = (await createCertificateAuthority({ CN: 'Old CA' }, window(-400, -1))).certificate.toString('pem');
    const signer = await createCertificateAuthority({ CN: 'Issuer' }, window(-1, 30));
    const leaf = (await createClientCertificate(signer, { CN: 'Not a CA' }, window(-1, 30))).certificatePem;
    const res = await call('PUT', `/api/v1/integrations/${integration.id}/mtls`, {
      mode: 'enforce',
      trustedCaPems: [otherCaPem, 'hello', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----', expiredCa, leaf, `${caPem}${otherCaPem}`, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'VALIDATION.FAILED',
      field: 'trustedCaPems[1]',
      errors: [
        { field: 'trustedCaPems[1]', message: expect.stringContaining('is not a PEM certificate') },
        { field: 'trustedCaPems[2]', message: expect.stringContaining('holds a private key') },
        { field: 'trustedCaPems[3]', message: expect.stringContaining('expired on') },
        { field: 'trustedCaPems[4]', message: expect.stringContaining('is not a CA certificate') },
        { field: 'trustedCaPems[5]', message: expect.stringContaining('holds 2 certificates') },
        { field: 'trustedCaPems[6]', message: 'is not a valid X.509 certificate' },
      ],
    });
    expect((await call('GET', `/api/v1/integrations/${integration.id}`)).json().mtls).toMatchObject({ mode: 'report', trusted: [{ fingerprintSha256: fingerprintOf(caPem) }] });
    const badMode = await call('PUT', `/api/v1/integrations/${integration.id}/mtls`, { mode: 'strict' });
    expect(badMode.json()).toMatchObject({ statusCode: 400, field: 'mode' });
    const badDays = await call('POST', `/api/v1/integrations/${integration.id}/mtls/credentials`, { validDays: 0 });
    expect(badDays.json()).toMatchObject({ statusCode: 400, field: 'validDays' });
  });

  it('refuses enforce with no trusted CA, and removing the last CA while enforcing (409)', async () => {
    const integration = await newIntegration();
    const empty = await call('PUT', `/api/v1/integrations/${integration.id}/mtls`, { mode: 'enforce' });
    expect(empty.statusCode).toBe(409);
    expect(empty.json()).toMatchObject({ code: 'INTEGRATION.MTLS_ENFORCE_WITHOUT_CA', field: 'mode' });
    expect((await call('PUT', `/api/v1/integrations/${integration.id}/mtls`, { mode: 'enforce', trustedCaPems: [] })).statusCode).toBe(409);
    const issued = (await call('POST', `/api/v1/integrations/${integration.id}/mtls/credentials`)).json();
    expect((await call('PUT', `/api/v1/integrations/${integration.id}/mtls`, { mode: 'enforce' })).statusCode).toBe(200);
    const last = await call('DELETE', `/api/v1/integrations/${integration.id}/mtls/trusted/${issued.fingerprintSha256}`);
    expect(last.statusCode).toBe(409);
    expect((await call('GET', `/api/v1/integrations/${integration.id}`)).json().mtls.trusted).toHaveLength(1);
  });

  it('keeps another brand\'s integration out of reach (404), and mTLS changes to admin keys', async () => {
    const mine = await newIntegration();
    const theirs = await newIntegration();
    const scoped = await createApiKey(t, { role: 'admin', brandIds: [mine.brandId] });
    for (const [method, path] of [['POST', '/mtls/credentials'], ['PUT', '/mtls'], ['DELETE', `/mtls/trusted/${'0'.repeat(64)}`]] as const) {
      const res = await call(method, `/api/v1/integrations/${theirs.id}${path}`, method === 'PUT' ? { mode: 'off' } : undefined, scoped.key);
      expect({ path, status: res.statusCode, code: res.json().code }).toEqual({ path, status: 404, code: 'INTEGRATION.NOT_FOUND' });
    }
    const support = await createApiKey(t, { role: 'support' });
    expect((await call('POST', `/api/v1/integrations/${mine.id}/mtls/credentials`, undefined, support.key)).statusCode).toBe(403);
  });

  it('exports each trusted CA\'s expiry, and the check warns 30 and 7 days ahead, each once however often it runs', async () => {
    const integration = await newIntegration();
    await call('PUT', `/api/v1/integrations/${integration.id}/mtls`, { mode: 'report', trustedCaPems: [otherCaPem] });
    const fingerprint = fingerprintOf(otherCaPem);
    const notAfter = new X509Certificate(otherCaPem).validTo;
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain(`mtls_certificate_expiry_timestamp_seconds{integration="${integration.id}",fingerprint="${fingerprint}"} ${Math.floor(new Date(notAfter).getTime() / 1000)}`);

    const monitor = t.app.get(MtlsExpiryMonitor);
    const mine = async (at: Date) => (await monitor.checkOnce(at)).filter((w) => w.integrationId === integration.id).map((w) => w.threshold);
    // The CA expires in 20 days: within 30 days now, within 7 days in 14 days, expired in 21.
    expect(await mine(new Date())).toEqual(['30d']);
    expect(await mine(new Date())).toEqual([]);
    expect(await mine(new Date(Date.now() + 14 * DAY))).toEqual(['7d']);
    expect(await mine(new Date(Date.now() + 15 * DAY))).toEqual([]);
    expect(await mine(new Date(Date.now() + 21 * DAY))).toEqual(['expired']);
    const [row] = await t.app.get(DataSource).query(
      `SELECT expiry_warned_30d_at IS NOT NULL AS w30, expiry_warned_7d_at IS NOT NULL AS w7, expiry_warned_expired_at IS NOT NULL AS gone FROM integration_trusted_cas WHERE integration_id = $1`,
      [integration.id],
    );
    expect(row).toEqual({ w30: true, w7: true, gone: true });

    await call('DELETE', `/api/v1/integrations/${integration.id}/mtls/trusted/${fingerprint}`);
    expect((await t.app.inject({ method: 'GET', url: '/metrics' })).body).not.toContain(`fingerprint="${fingerprint}"`);
  });
});

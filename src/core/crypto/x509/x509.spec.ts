import { createPrivateKey, X509Certificate } from 'node:crypto';
import { createCertificateAuthority, createClientCertificate, issueClientCredentials } from './certificate-issuer';
import { verifyClientChain } from './client-chain';
import { fingerprintSha256, normalizeFingerprint, pemBlocks, pemCertificates, subjectLine } from './pem';

// RSA key generation is CPU-bound: on a loaded machine a handful of keys can take longer than jest's default 5 s.
jest.setTimeout(60_000);

const NOW = new Date('2026-03-01T12:00:00Z');
const DAY = 86_400_000;
const around = (from: number, to: number) => ({ notBefore: new Date(NOW.getTime() + from * DAY), notAfter: new Date(NOW.getTime() + to * DAY) });

describe('issueClientCredentials', () => {
  it('makes a CA, a client certificate it signed for client auth, and the key encrypted with the returned password', async () => {
    const issued = await issueClientCredentials({ CN: 'byoc-bridge CA, test', O: 'The Jungle' }, { CN: 'CXone DFO' }, around(-1, 365));
    const ca = new X509Certificate(issued.caCertificatePem);
    const client = new X509Certificate(issued.clientCertificatePem);
    expect(ca.ca).toBe(true);
    expect(subjectLine(ca)).toBe('CN=byoc-bridge CA\\, test, O=The Jungle');
    expect(client.ca).toBe(false);
    expect(client.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(client.checkIssued(ca) && client.verify(ca.publicKey)).toBe(true);
    expect(new Date(client.validTo)).toEqual(new Date(NOW.getTime() + 365 * DAY));

    expect(issued.privateKeyPem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    expect(() => createPrivateKey({ key: issued.privateKeyPem, passphrase: 'wrong' })).toThrow();
    const key = createPrivateKey({ key: issued.privateKeyPem, passphrase: issued.privateKeyPassword });
    expect(client.checkPrivateKey(key)).toBe(true);
    expect(issued.privateKeyPassword).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});

describe('verifyClientChain', () => {
  let trusted: X509Certificate;
  let good: Buffer;
  let expired: Buffer;
  let early: Buffer;
  let foreign: Buffer;
  let serverOnly: Buffer;

  beforeAll(async () => {
    const ca = await createCertificateAuthority({ CN: 'Trusted CA' }, around(-10, 400));
    const other = await createCertificateAuthority({ CN: 'Trusted CA' }, around(-10, 400));
    trusted = new X509Certificate(ca.certificate.toString('pem'));
    const der = async (issuer: typeof ca, from: number, to: number) => pemCertificates((await createClientCertificate(issuer, { CN: 'DFO' }, around(from, to))).certificatePem)[0]!;
    good = await der(ca, -1, 30);
    expired = await der(ca, -30, -1);
    early = await der(ca, 1, 30);
    // Same issuer name as the trusted CA, another key: only the signature tells them apart.
    foreign = await der(other, -1, 30);
    serverOnly = Buffer.from(ca.certificate.rawData);
  });

  it('admits a certificate signed by a trusted CA within its validity', () => {
    expect(verifyClientChain([good], [trusted], NOW)).toBe('valid');
  });

  it('says why anything else is refused', () => {
    expect(verifyClientChain([], [trusted], NOW)).toBe('missing');
    expect(verifyClientChain([Buffer.from('not a certificate')], [trusted], NOW)).toBe('malformed');
    expect(verifyClientChain([expired], [trusted], NOW)).toBe('expired');
    expect(verifyClientChain([early], [trusted], NOW)).toBe('not_yet_valid');
    expect(verifyClientChain([foreign], [trusted], NOW)).toBe('untrusted');
    expect(verifyClientChain([good], [], NOW)).toBe('untrusted');
    expect(verifyClientChain([good], [trusted], new Date(NOW.getTime() + 31 * DAY))).toBe('expired');
  });

  it('uses what the client sent as links, never as anchors', async () => {
    const root = await createCertificateAuthority({ CN: 'Root' }, around(-10, 400));
    const rogueRoot = new X509Certificate(root.certificate.toString('pem'));
    const leafOfRoot = pemCertificates((await createClientCertificate(root, { CN: 'DFO' }, around(-1, 30))).certificatePem)[0]!;
    expect(verifyClientChain([leafOfRoot, Buffer.from(root.certificate.rawData)], [trusted], NOW)).toBe('untrusted');
    expect(verifyClientChain([leafOfRoot], [trusted, rogueRoot], NOW)).toBe('valid');
    // A CA certificate presented as the client's own: nothing trusted issued it.
    expect(verifyClientChain([serverOnly], [rogueRoot], NOW)).toBe('untrusted');
  });
});

describe('PEM helpers', () => {
  it('reads blocks among other text, and fingerprints in every usual spelling', async () => {
    const ca = await createCertificateAuthority({ CN: 'Blocks' }, around(-1, 10));
    const pem = ca.certificate.toString('pem');
    expect(pemBlocks(`subject=CN=Blocks\n${pem}\n-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n`).map((b) => b.label)).toEqual(['CERTIFICATE', 'PRIVATE KEY']);
    const certificate = new X509Certificate(pem);
    const fingerprint = fingerprintSha256(certificate);
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(normalizeFingerprint(certificate.fingerprint256)).toBe(fingerprint);
    expect(normalizeFingerprint('abc')).toBeNull();
  });
});

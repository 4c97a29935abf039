import { parseCidr } from '../../core/net/ip-address';
import { toPem } from '../../core/crypto/x509/pem';
import { CertificateEvidence } from './certificate-evidence';
import { presentedChain } from './presented-chain';

const LEAF = Buffer.from('leaf-der');
const INTERMEDIATE = Buffer.from('intermediate-der');
const OWN_TLS = Buffer.from('socket-der');
const sources = { header: 'x-client-cert', trustedProxies: [parseCidr('10.0.0.0/8')!, parseCidr('::1')!] };
const escaped = encodeURIComponent(toPem(LEAF) + toPem(INTERMEDIATE));

function evidence(peerAddress: string, headers: CertificateEvidence['headers'] = {}, tlsChain: Buffer[] = []): CertificateEvidence {
  return { peerAddress, headers, tlsChain };
}

describe('presentedChain', () => {
  it('takes the URL-encoded PEM chain of MTLS_CLIENT_CERT_HEADER from a trusted proxy, leaf first', () => {
    expect(presentedChain(evidence('10.1.2.3', { 'x-client-cert': escaped }), sources)).toEqual({ source: 'proxy', chain: [LEAF, INTERMEDIATE] });
    expect(presentedChain(evidence('::ffff:10.1.2.3', { 'x-client-cert': escaped }), sources).chain).toEqual([LEAF, INTERMEDIATE]);
  });

  it('never takes the proxy\'s own TLS certificate for the client\'s', () => {
    expect(presentedChain(evidence('::1', {}, [OWN_TLS]), sources)).toEqual({ source: 'proxy', chain: [] });
  });

  it('ignores the header from anyone else, and uses our own TLS connection', () => {
    expect(presentedChain(evidence('192.168.1.5', { 'x-client-cert': escaped }), sources)).toEqual({ source: 'tls', chain: [] });
    expect(presentedChain(evidence('192.168.1.5', { 'x-client-cert': escaped }, [OWN_TLS]), sources)).toEqual({ source: 'tls', chain: [OWN_TLS] });
    expect(presentedChain(evidence('10.1.2.3', { 'x-client-cert': escaped }, [OWN_TLS]), { ...sources, header: null })).toEqual({ source: 'tls', chain: [OWN_TLS] });
  });

  it('keeps a header that is not PEM, so that verification calls it malformed rather than missing', () => {
    expect(presentedChain(evidence('10.1.2.3', { 'x-client-cert': 'garbage%zz' }), sources).chain).toEqual([Buffer.from('garbage%zz')]);
    expect(presentedChain(evidence('10.1.2.3', { 'x-client-cert': 'not%20pem' }), sources).chain).toEqual([Buffer.from('not pem')]);
  });
});

import { pemCertificates } from '../../core/crypto/x509/pem';
import { CidrBlock, inCidr, parseIp } from '../../core/net/ip-address';
import { CertificateEvidence } from './certificate-evidence';

export interface PresentedChain {
  /** `tls`: our own TLS connection; `proxy`: MTLS_CLIENT_CERT_HEADER from a trusted proxy. */
  source: 'tls' | 'proxy';
  /** Leaf first; empty when nothing was presented. An entry that is not DER is kept, and verification calls it malformed. */
  chain: Buffer[];
}

export interface CertificateSources {
  /** MTLS_CLIENT_CERT_HEADER, lower case; null when TLS never ends at a proxy. */
  header: string | null;
  trustedProxies: readonly CidrBlock[];
}

/**
 * The client certificate chain to verify. From a TRUSTED_PROXIES peer, and with MTLS_CLIENT_CERT_HEADER configured,
 * only the header counts: the proxy's own connection to us (and any certificate the proxy itself presents) says
 * nothing of CXone. From anyone else the header is ignored, whatever it holds, and only our own TLS connection counts.
 */
export function presentedChain(evidence: CertificateEvidence, sources: CertificateSources): PresentedChain {
  if (sources.header !== null && isTrustedProxy(evidence.peerAddress, sources.trustedProxies)) {
    return { source: 'proxy', chain: fromHeader(evidence.headers[sources.header]) };
  }
  return { source: 'tls', chain: evidence.tlsChain };
}

function isTrustedProxy(address: string | undefined, blocks: readonly CidrBlock[]): boolean {
  const parsed = address === undefined ? null : parseIp(address);
  return parsed !== null && blocks.some((block) => inCidr(parsed, block));
}

/** URL-encoded PEM (nginx's `$ssl_client_escaped_cert`, AWS ALB's mTLS header), possibly with the chain after the leaf. */
function fromHeader(value: string | string[] | undefined): Buffer[] {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === '') return [];
  let pem: string;
  try {
    pem = decodeURIComponent(text);
  } catch {
    return [Buffer.from(text)];
  }
  const chain = pemCertificates(pem);
  return chain.length > 0 ? chain : [Buffer.from(pem)];
}

import { X509Certificate } from 'node:crypto';
import { validity } from './pem';

/** What checking a presented client certificate found; `valid` is the only one that admits it. */
export type ChainVerdict = 'valid' | 'missing' | 'malformed' | 'untrusted' | 'expired' | 'not_yet_valid' | 'not_for_client_auth';

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const ANY_EXTENDED_KEY_USAGE = '2.5.29.37.0';
/** Leaf, intermediates, anchor: more than this many links is not a chain anybody issues for a BYOC client. */
const MAX_INTERMEDIATES = 4;

/**
 * Checks a client certificate chain (DER, leaf first, as the TLS connection or the proxy passed it) against the
 * integration's trusted CA certificates at `at`: the leaf and every link must be within their validity, the leaf
 * must allow client authentication (when it says what it may be used for), and each link must be issued (name and
 * signature) by the next, ending at a trusted CA. Intermediates the client sent are used only as links, never as
 * anchors. Revocation is not checked: removing a CA from the trusted list is how access is withdrawn (each CA we
 * issue signs exactly one client certificate).
 */
export function verifyClientChain(presented: readonly Buffer[], trusted: readonly X509Certificate[], at: Date): ChainVerdict {
  if (presented.length === 0) return 'missing';
  const parsed = parseAll(presented);
  if (!parsed) return 'malformed';
  const [leaf, ...intermediates] = parsed;
  const leafTime = timeVerdict(leaf!, at);
  if (leafTime !== 'valid') return leafTime;
  const usages = leaf!.keyUsage;
  if (usages !== undefined && !usages.includes(CLIENT_AUTH) && !usages.includes(ANY_EXTENDED_KEY_USAGE)) return 'not_for_client_auth';

  let current = leaf!;
  for (let depth = 0; depth <= MAX_INTERMEDIATES; depth++) {
    const anchors = trusted.filter((ca) => issuedBy(current, ca));
    if (anchors.some((ca) => timeVerdict(ca, at) === 'valid')) return 'valid';
    if (anchors.length > 0) return 'expired';
    const next = intermediates.find((link) => link.ca && issuedBy(current, link));
    if (!next) return 'untrusted';
    const linkTime = timeVerdict(next, at);
    if (linkTime !== 'valid') return linkTime;
    current = next;
  }
  return 'untrusted';
}

function parseAll(ders: readonly Buffer[]): X509Certificate[] | null {
  try {
    return ders.map((der) => new X509Certificate(der));
  } catch {
    return null;
  }
}

function timeVerdict(certificate: X509Certificate, at: Date): 'valid' | 'expired' | 'not_yet_valid' {
  const { notBefore, notAfter } = validity(certificate);
  if (at < notBefore) return 'not_yet_valid';
  return at > notAfter ? 'expired' : 'valid';
}

/** Name (and key identifier) match, then the signature: a matching name alone is what a forger would copy. */
function issuedBy(child: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return child.checkIssued(issuer) && child.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

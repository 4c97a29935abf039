import { X509Certificate } from 'node:crypto';
import { FieldProblem } from '../../core/errors/domain-error';
import { ValidationFailedError } from '../../core/errors/core.errors';
import { fingerprintSha256, pemBlocks, subjectLine, toPem, validity } from '../../core/crypto/x509/pem';
import { TrustedCaOrigin } from './trusted-ca.entity';
import { NewTrustedCa } from './trusted-ca.repository';

/**
 * Reads the CA certificates of `PUT .../mtls` (bring your own CA). Each entry must be exactly one CA certificate that
 * has not expired; every bad entry is named (`trustedCaPems[2]`) and nothing is stored unless all are good. The same
 * certificate given twice is kept once.
 */
export function readTrustedCaPems(pems: readonly string[], now: Date, origin: TrustedCaOrigin = 'uploaded'): NewTrustedCa[] {
  const problems: FieldProblem[] = [];
  const read = new Map<string, NewTrustedCa>();
  pems.forEach((pem, index) => {
    const field = `trustedCaPems[${index}]`;
    const result = readOne(pem, now, origin);
    if (typeof result === 'string') problems.push({ field, message: result });
    else if (!read.has(result.fingerprintSha256)) read.set(result.fingerprintSha256, result);
  });
  if (problems.length > 0) throw new ValidationFailedError(problems);
  return [...read.values()];
}

/** One trusted CA row from a certificate we trust by construction (one we just issued). */
export function trustedCaOf(pem: string, origin: TrustedCaOrigin): NewTrustedCa {
  return describe(new X509Certificate(pem), origin);
}

function readOne(pem: string, now: Date, origin: TrustedCaOrigin): NewTrustedCa | string {
  const blocks = pemBlocks(pem);
  if (blocks.some((b) => b.label.includes('PRIVATE KEY'))) return 'holds a private key: send only the CA certificate, and keep its key to yourself';
  const certificates = blocks.filter((b) => b.label === 'CERTIFICATE');
  if (certificates.length === 0) return 'is not a PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)';
  if (certificates.length > 1) return `holds ${certificates.length} certificates: give each CA as an entry of its own`;
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificates[0]!.der);
  } catch {
    return 'is not a valid X.509 certificate';
  }
  if (!certificate.ca) {
    return 'is not a CA certificate (no basicConstraints CA:TRUE): trust the CA that issued the client certificate, not the client certificate itself';
  }
  const { notAfter } = validity(certificate);
  if (notAfter < now) return `expired on ${notAfter.toISOString()}`;
  return describe(certificate, origin);
}

function describe(certificate: X509Certificate, origin: TrustedCaOrigin): NewTrustedCa {
  return {
    // Stored as we re-encode it, so comments and other text around the block are not kept.
    certificatePem: toPem(certificate.raw),
    fingerprintSha256: fingerprintSha256(certificate),
    subject: subjectLine(certificate),
    ...validity(certificate),
    origin,
  };
}

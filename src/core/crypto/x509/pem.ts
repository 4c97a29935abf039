import { X509Certificate } from 'node:crypto';

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

export interface PemBlock {
  /** The label: `CERTIFICATE`, `ENCRYPTED PRIVATE KEY`, ... */
  label: string;
  der: Buffer;
}

/** Every PEM block in `text`, in order; text around them (comments, `openssl x509 -text` output) is ignored. */
export function pemBlocks(text: string): PemBlock[] {
  return [...text.matchAll(PEM_BLOCK)].map((m) => ({ label: m[1]!, der: Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64') }));
}

/** The DER certificates of a PEM bundle (leaf first, as TLS sends them); other blocks are skipped. */
export function pemCertificates(text: string): Buffer[] {
  return pemBlocks(text).filter((b) => b.label === 'CERTIFICATE').map((b) => b.der);
}

export function toPem(der: Buffer, label = 'CERTIFICATE'): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** A certificate's SHA-256 fingerprint as we show and address it: 64 lower-case hex digits, no colons. */
export function fingerprintSha256(certificate: X509Certificate): string {
  return certificate.fingerprint256.replace(/:/g, '').toLowerCase();
}

/** Accepts a fingerprint as shown by us, by `openssl x509 -fingerprint -sha256` (colons, upper case) or by browsers. */
export function normalizeFingerprint(text: string): string | null {
  const hex = text.replace(/[:\s]/g, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : null;
}

/** The subject on one line (`CN=..., O=...`); Node gives one attribute per line. */
export function subjectLine(certificate: X509Certificate): string {
  return certificate.subject.split('\n').filter(Boolean).join(', ');
}

export function validity(certificate: X509Certificate): { notBefore: Date; notAfter: Date } {
  return { notBefore: new Date(certificate.validFrom), notAfter: new Date(certificate.validTo) };
}

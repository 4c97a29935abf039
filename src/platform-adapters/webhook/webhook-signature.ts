import { constantTimeEqual, hmacSha256Hex } from '../../core/crypto/hashing';

/**
 * The signing scheme of the generic webhook format (docs/architecture.md §6.3), used both ways: we verify what platforms
 * send and sign what we send them. `X-Byoc-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`, where
 * the timestamp is the `X-Byoc-Timestamp` header in unix seconds. Binding the timestamp into the MAC and bounding its
 * age is what stops a captured request from being replayed later.
 */
export const TIMESTAMP_HEADER = 'x-byoc-timestamp';
export const SIGNATURE_HEADER = 'x-byoc-signature';
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const SIGNATURE_PREFIX = 'sha256=';

export function webhookSignature(secret: string, timestamp: number | string, rawBody: string | Buffer): string {
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  return SIGNATURE_PREFIX + hmacSha256Hex(secret, Buffer.concat([Buffer.from(`${timestamp}.`, 'utf8'), body]));
}

/** The two headers a signed request carries, for `now` (unix seconds taken from it). */
export function signedHeaders(secret: string, rawBody: string | Buffer, now: Date): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: webhookSignature(secret, timestamp, rawBody) };
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/**
 * Checks a request against every active secret (two while one is rotated). Every secret is tried, and compared in
 * constant time, so the answer's timing says nothing about which secret or how much of the MAC matched. The reason
 * is for logs only; callers answer the platform with one generic message.
 */
export function verifyWebhookSignature(input: {
  secrets: readonly string[];
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
  now: Date;
}): SignatureCheck {
  const timestamp = singleHeader(input.headers, TIMESTAMP_HEADER);
  const signature = singleHeader(input.headers, SIGNATURE_HEADER);
  if (timestamp === undefined || signature === undefined) return { ok: false, reason: 'signature headers missing' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'timestamp is not unix seconds' };
  const skew = Math.abs(input.now.getTime() / 1000 - Number(timestamp));
  if (skew > SIGNATURE_TOLERANCE_SECONDS) return { ok: false, reason: 'timestamp outside the allowed window' };
  const given = signature.trim().toLowerCase();
  let matched = false;
  for (const secret of input.secrets) {
    if (constantTimeEqual(given, webhookSignature(secret, timestamp, input.rawBody))) matched = true;
  }
  return matched ? { ok: true } : { ok: false, reason: 'signature mismatch' };
}

/** Header lookup that tolerates any casing; a repeated header is refused rather than guessed at. */
function singleHeader(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return typeof value === 'string' ? value : undefined;
  }
  return undefined;
}

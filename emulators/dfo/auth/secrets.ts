import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The emulator's own secret helpers (it imports nothing from the product). Access-key secrets are compared in
 * constant time, as DFO's would be: both sides are hashed first, so the comparison is over equal lengths and the
 * time taken says nothing about the secret's length or its first differing character.
 */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(sha256(given), sha256(expected));
}

/** A short, stable, non-reversible label for a token in the call log: the first 8 hex digits of its SHA-256. */
export function fingerprint(value: string): string {
  return sha256(value).toString('hex').slice(0, 8);
}

/** An opaque bearer or refresh token with a readable prefix (`sbx_at_…`). */
export function opaqueToken(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString('base64url')}`;
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

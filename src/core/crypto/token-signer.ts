import { createHmac } from 'node:crypto';
import { constantTimeEqual } from './hashing';

export interface SignedClaims {
  /** What the token is for; a token of one audience is never accepted for another. */
  aud: string;
  sub: string;
  iat: number;
  exp: number;
  [claim: string]: unknown;
}

export type TokenVerification =
  | { ok: true; claims: SignedClaims }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' | 'wrong_audience' };

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/**
 * Issues and verifies HS256 JWTs under `TOKEN_SIGNING_SECRET`. The algorithm is fixed (no `alg` negotiation), the
 * signature is compared in constant time, and `aud` and `exp` are always checked.
 */
export class TokenSigner {
  constructor(
    private readonly secret: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  sign(audience: string, subject: string, ttlSeconds: number, extra: Record<string, unknown> = {}): { token: string; expiresAt: Date } {
    const iat = Math.floor(this.now().getTime() / 1000);
    const claims: SignedClaims = { ...extra, aud: audience, sub: subject, iat, exp: iat + ttlSeconds };
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return { token: `${HEADER}.${payload}.${this.signature(`${HEADER}.${payload}`)}`, expiresAt: new Date(claims.exp * 1000) };
  }

  verify(token: string, audience: string): TokenVerification {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== HEADER) return { ok: false, reason: 'malformed' };
    const [header, payload, signature] = parts as [string, string, string];
    if (!constantTimeEqual(signature, this.signature(`${header}.${payload}`))) return { ok: false, reason: 'bad_signature' };
    let claims: SignedClaims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (claims.aud !== audience) return { ok: false, reason: 'wrong_audience' };
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= this.now().getTime()) return { ok: false, reason: 'expired' };
    return { ok: true, claims };
  }

  private signature(input: string): string {
    return createHmac('sha256', this.secret).update(input).digest('base64url');
  }
}

import { Injectable } from '@nestjs/common';
import { EmulatorClock } from '../clock';
import { EmulatorSettings } from '../emulator.options';
import { DEFAULT_BRAND, EmulatorStore } from '../store/emulator.store';
import { opaqueToken, sameSecret } from './secrets';

export type TokenKind = 'access_key' | 'client_credentials' | 'one_time_token';

interface IssuedToken {
  brandId: number;
  kind: TokenKind;
  expiresAt: number;
}

interface OneTimeToken {
  brandId: number;
  userId: number;
  purpose: string;
  expiresAt: number;
}

export type TokenCheck = { ok: true; brandId: number; kind: TokenKind } | { ok: false; reason: 'missing' | 'unknown' | 'expired' };

/** One-time tokens live five minutes, like a link an admin clicks right away [INF]. */
const ONE_TIME_TOKEN_TTL_MS = 5 * 60 * 1000;

/**
 * The emulator's credentials: which access keys are accepted and for which brand, the bearer tokens it issued
 * (opaque, in memory, so a restart invalidates them as a real expiry would), refresh tokens and one-time tokens.
 */
@Injectable()
export class EmulatorTokens {
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly refreshTokens = new Map<string, { brandId: number; kind: TokenKind }>();
  private readonly oneTimeTokens = new Map<string, OneTimeToken>();

  constructor(
    private readonly store: EmulatorStore,
    private readonly settings: EmulatorSettings,
    private readonly clock: EmulatorClock,
  ) {}

  /**
   * The brand an access key belongs to, or null when it is refused. Keys bound to a brand (test API) must match
   * their secret; other keys must match `SANDBOX_DFO_ACCESS_KEYS` when that list is set, and are otherwise accepted
   * for the default brand.
   */
  authenticateKey(keyId: string, secret: string): number | null {
    for (const brand of this.store.brands()) {
      const bound = brand.accessKeys.find((k) => k.keyId === keyId);
      if (bound) return sameSecret(secret, bound.secret) ? brand.id : null;
    }
    if (this.settings.accessKeys.length === 0) return DEFAULT_BRAND.id;
    const listed = this.settings.accessKeys.find((k) => k.keyId === keyId);
    return listed && sameSecret(secret, listed.secret) ? DEFAULT_BRAND.id : null;
  }

  issue(brandId: number, kind: TokenKind): { accessToken: string; refreshToken: string; expiresIn: number } {
    this.prune();
    const accessToken = opaqueToken('sbx_at');
    const refreshToken = opaqueToken('sbx_rt');
    const expiresIn = this.settings.tokenTtlSeconds;
    this.tokens.set(accessToken, { brandId, kind, expiresAt: this.clock.now().getTime() + expiresIn * 1000 });
    this.refreshTokens.set(refreshToken, { brandId, kind });
    return { accessToken, refreshToken, expiresIn };
  }

  /** A refresh token is good for one refresh (rotation), as OAuth servers commonly do. */
  refresh(refreshToken: string): { accessToken: string; refreshToken: string; expiresIn: number } | null {
    const entry = this.refreshTokens.get(refreshToken);
    if (!entry) return null;
    this.refreshTokens.delete(refreshToken);
    return this.issue(entry.brandId, entry.kind);
  }

  check(authorization: string | undefined): TokenCheck {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) return { ok: false, reason: 'missing' };
    const token = this.tokens.get(match[1]!);
    if (!token) return { ok: false, reason: 'unknown' };
    if (token.expiresAt <= this.clock.now().getTime()) return { ok: false, reason: 'expired' };
    return { ok: true, brandId: token.brandId, kind: token.kind };
  }

  /** Expires every issued access token (of one brand, or all): the next DFO call of the middleware gets 401. */
  expireAll(brandId?: number): number {
    let count = 0;
    const now = this.clock.now().getTime();
    for (const token of this.tokens.values()) {
      if ((brandId === undefined || token.brandId === brandId) && token.expiresAt > now) {
        token.expiresAt = now;
        count += 1;
      }
    }
    return count;
  }

  mintOneTimeToken(brandId: number, userId: number, purpose: string): { token: string; expiresAt: string } {
    const token = opaqueToken('sbx_ott');
    const expiresAt = this.clock.now().getTime() + ONE_TIME_TOKEN_TTL_MS;
    this.oneTimeTokens.set(token, { brandId, userId, purpose, expiresAt });
    return { token, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** Consumes a one-time token; any mismatch, expiry or second use fails (and the token is gone either way). */
  redeemOneTimeToken(token: string, brandId: number, userId: number, purpose: string): boolean {
    const entry = this.oneTimeTokens.get(token);
    if (!entry) return false;
    this.oneTimeTokens.delete(token);
    return entry.brandId === brandId && entry.userId === userId && entry.purpose === purpose && entry.expiresAt > this.clock.now().getTime();
  }

  reset(): void {
    this.tokens.clear();
    this.refreshTokens.clear();
    this.oneTimeTokens.clear();
  }

  private prune(): void {
    if (this.tokens.size < 10000) return;
    const now = this.clock.now().getTime();
    for (const [token, entry] of this.tokens) if (entry.expiresAt <= now) this.tokens.delete(token);
  }
}

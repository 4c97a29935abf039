import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../../core/clock/clock';
import { DFO_CONFIG, DfoClientConfig } from '../dfo-client.config';
import { DfoBrandCredentials } from '../dfo-credentials';
import { DfoTokenFetcher } from './dfo-token.fetcher';

interface CachedToken {
  brandId: string;
  accessToken: string;
  refreshAt: number;
  expiresAt: number;
}

/**
 * Bearer tokens per brand, keyed by `credentials.cacheKey` (which changes with the credentials, so a rotated key
 * never reuses the old token). A token is refreshed `tokenRefreshSkewSeconds` before it expires (at half its life
 * when it lives shorter than twice the skew). The refresh is single-flight: every caller that finds the token stale
 * awaits the same fetch, and a failed fetch rejects them all and leaves nothing cached, so the next call tries again.
 */
@Injectable()
export class DfoTokenCache {
  private readonly tokens = new Map<string, CachedToken>();
  private readonly inFlight = new Map<string, { brandId: string; fetching: Promise<CachedToken> }>();
  /** Bumped by `forgetBrand`: a fetch that started before does not cache what it gets. */
  private readonly brandEpochs = new Map<string, number>();

  constructor(
    private readonly fetcher: DfoTokenFetcher,
    private readonly clock: Clock,
    @Inject(DFO_CONFIG) private readonly config: Pick<DfoClientConfig, 'tokenRefreshSkewSeconds'>,
  ) {}

  async get(credentials: DfoBrandCredentials): Promise<string> {
    const cached = this.tokens.get(credentials.cacheKey);
    if (cached && this.clock.now().getTime() < cached.refreshAt) return cached.accessToken;
    return (await this.refresh(credentials)).accessToken;
  }

  /** Drops `accessToken` after DFO refused it, unless a newer token already replaced it (then that one is kept). */
  invalidate(credentials: DfoBrandCredentials, accessToken: string): void {
    if (this.tokens.get(credentials.cacheKey)?.accessToken === accessToken) this.tokens.delete(credentials.cacheKey);
  }

  /**
   * Forgets every token of the brand, and what fetches running now will bring back: its credentials changed, or it
   * was deleted. The next call fetches a token with the credentials it is given.
   */
  forgetBrand(brandId: string): void {
    this.brandEpochs.set(brandId, this.epoch(brandId) + 1);
    for (const [key, token] of this.tokens) if (token.brandId === brandId) this.tokens.delete(key);
    for (const [key, flight] of this.inFlight) if (flight.brandId === brandId) this.inFlight.delete(key);
  }

  private refresh(credentials: DfoBrandCredentials): Promise<CachedToken> {
    const key = credentials.cacheKey;
    const running = this.inFlight.get(key);
    if (running) return running.fetching;
    const fetching = this.fetch(credentials).finally(() => {
      if (this.inFlight.get(key)?.fetching === fetching) this.inFlight.delete(key);
    });
    this.inFlight.set(key, { brandId: credentials.brandId, fetching });
    return fetching;
  }

  private async fetch(credentials: DfoBrandCredentials): Promise<CachedToken> {
    const epoch = this.epoch(credentials.brandId);
    const token = await this.fetcher.fetch(credentials);
    const now = this.clock.now().getTime();
    const lifeMs = token.expiresInSeconds * 1000;
    const earlyMs = Math.min(this.config.tokenRefreshSkewSeconds * 1000, lifeMs / 2);
    const cached = { brandId: credentials.brandId, accessToken: token.accessToken, refreshAt: now + lifeMs - earlyMs, expiresAt: now + lifeMs };
    this.forgetExpired(now);
    if (this.epoch(credentials.brandId) === epoch) this.tokens.set(credentials.cacheKey, cached);
    return cached;
  }

  private epoch(brandId: string): number {
    return this.brandEpochs.get(brandId) ?? 0;
  }

  /** Old cache keys (rotated credentials, deleted brands) would otherwise stay forever. */
  private forgetExpired(now: number): void {
    for (const [key, token] of this.tokens) if (token.expiresAt <= now) this.tokens.delete(key);
  }
}

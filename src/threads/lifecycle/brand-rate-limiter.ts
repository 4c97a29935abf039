import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../../core/clock/clock';
import { APP_CONFIG } from '../../core/config/config.module';
import { AppConfig } from '../../core/config/app-config';

interface Bucket {
  tokens: number;
  refilledAt: number;
  pausedUntil: number;
}

/**
 * The per-brand budget of DFO case-status reads (`caseSyncBrandRps`), a token bucket per brand holding at most one
 * second's worth. The sync loop and the inbound path's `refreshIfStale` draw from the same bucket, so together they
 * never exceed the budget. A brand whose DFO answered 429 or 5xx is paused as a whole. The budget is per instance:
 * N instances may spend N times it, which the setting's documentation says.
 */
@Injectable()
export class BrandRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly ratePerSecond: number;

  constructor(private readonly clock: Clock, @Inject(APP_CONFIG) config: AppConfig) {
    this.ratePerSecond = config.lifecycle.caseSyncBrandRps;
  }

  /** Whole tokens available now (0 while the brand is paused). */
  available(brandId: string): number {
    const bucket = this.refill(brandId);
    return bucket.pausedUntil > this.clock.now().getTime() ? 0 : Math.floor(bucket.tokens);
  }

  tryTake(brandId: string): boolean {
    if (this.available(brandId) < 1) return false;
    this.refill(brandId).tokens -= 1;
    return true;
  }

  /** Spends nothing for `ms`; the bucket is empty when the pause ends, so the brand restarts slowly. */
  pause(brandId: string, ms: number): void {
    const bucket = this.refill(brandId);
    const until = this.clock.now().getTime() + ms;
    bucket.pausedUntil = Math.max(bucket.pausedUntil, until);
    bucket.tokens = 0;
    bucket.refilledAt = bucket.pausedUntil;
  }

  private refill(brandId: string): Bucket {
    const now = this.clock.now().getTime();
    let bucket = this.buckets.get(brandId);
    if (!bucket) {
      bucket = { tokens: this.ratePerSecond, refilledAt: now, pausedUntil: 0 };
      this.buckets.set(brandId, bucket);
    }
    if (now > bucket.refilledAt) {
      bucket.tokens = Math.min(this.ratePerSecond, bucket.tokens + ((now - bucket.refilledAt) / 1000) * this.ratePerSecond);
      bucket.refilledAt = now;
    }
    return bucket;
  }
}

import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { EventBus } from '../../core/events/event-bus';
import { DfoTokenCache } from './dfo-token.cache';

/** Payload: the brand id. */
export const DFO_BRAND_TOKENS_DROPPED_TOPIC = 'dfo_brand_tokens_dropped';

/**
 * Drops a brand's cached DFO tokens on every instance when its credentials change or it is deleted. Correctness does
 * not depend on the event: each instance reads the brand's credentials per call, and the token cache key changes
 * with them, so an old token is never used again. The event makes every instance forget the old token (a live
 * credential) at once instead of keeping it in memory until it expires; a lost notification only delays that.
 */
@Injectable()
export class DfoBrandTokens implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DfoBrandTokens.name);
  private unsubscribe: (() => Promise<void>) | null = null;

  constructor(
    private readonly cache: DfoTokenCache,
    private readonly bus: EventBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.unsubscribe = await this.bus.subscribe(DFO_BRAND_TOKENS_DROPPED_TOPIC, (brandId) => {
      if (isUUID(brandId)) this.cache.forgetBrand(brandId);
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.unsubscribe?.().catch(() => undefined);
  }

  /** Forgets the brand's tokens here at once, and tells the other instances to. */
  async drop(brandId: string): Promise<void> {
    this.cache.forgetBrand(brandId);
    await this.bus.publish(DFO_BRAND_TOKENS_DROPPED_TOPIC, brandId).catch((err: unknown) => {
      this.logger.warn({ err, brandId }, 'Could not tell the other instances to drop the brand’s DFO tokens');
    });
  }
}

import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { EventBus } from '../core/events/event-bus';

/** Published (payload: the brand id) after an admin write to a brand or one of its channels. */
export const REGISTRY_CHANGED_TOPIC = 'registry_changed';

interface Entry {
  value: unknown;
  brandId: string;
  expiresAt: number;
}

/**
 * Brands and channels as the hot paths need them (a webhook's channel, a delivery's credentials), from memory for
 * `REGISTRY_CACHE_TTL_MS`: they change rarely and are read per message. A change made through the admin API calls
 * `changed(brandId)`, which drops the brand's entries here at once and on every other instance through
 * `registry_changed` (LISTEN/NOTIFY); the TTL bounds how long a lost notification can leave a stale entry.
 *
 * Loads are single-flight per key, and a load that started before an invalidation is not kept (it may have read the
 * old row). Misses (null) are not cached, so a channel created a moment ago is found at once.
 */
@Injectable()
export class RegistryCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RegistryCache.name);
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<unknown>>();
  private generation = 0;
  private unsubscribe: (() => Promise<void>) | null = null;

  constructor(
    private readonly bus: EventBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.unsubscribe = await this.bus.subscribe(REGISTRY_CHANGED_TOPIC, (brandId) => this.drop(brandId));
  }

  async onModuleDestroy(): Promise<void> {
    await this.unsubscribe?.().catch(() => undefined);
  }

  /** The cached value of `key`, or `load()`'s (kept under `brandOf(value)` unless null). */
  async get<T>(key: string, load: () => Promise<T | null>, brandOf: (value: T) => string): Promise<T | null> {
    const ttl = this.config.registry.cacheTtlMs;
    if (ttl <= 0) return load();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > Date.now()) return hit.value as T;
    let pending = this.loading.get(key) as Promise<T | null> | undefined;
    if (!pending) {
      const generation = this.generation;
      pending = load().then((value) => {
        if (value !== null && generation === this.generation) this.entries.set(key, { value, brandId: brandOf(value), expiresAt: Date.now() + ttl });
        return value;
      });
      const settled = pending.finally(() => {
        if (this.loading.get(key) === settled) this.loading.delete(key);
      });
      this.loading.set(key, settled);
      return settled;
    }
    return pending;
  }

  /** A brand or one of its channels changed: forget it here now, and tell the other instances. */
  changed(brandId: string): void {
    this.drop(brandId);
    this.bus.publish(REGISTRY_CHANGED_TOPIC, brandId).catch((err: unknown) => this.logger.warn({ err, brandId }, 'Could not announce a registry change; other instances catch up within the cache TTL'));
  }

  private drop(brandId: string): void {
    this.generation += 1;
    this.loading.clear();
    for (const [key, entry] of this.entries) if (entry.brandId === brandId) this.entries.delete(key);
  }
}

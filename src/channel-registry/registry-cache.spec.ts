import { AppConfig } from '../core/config/app-config';
import { InProcessEventBus } from '../core/events/in-process-event-bus';
import { REGISTRY_CHANGED_TOPIC, RegistryCache } from './registry-cache';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('RegistryCache', () => {
  const config = (cacheTtlMs: number) => ({ registry: { cacheTtlMs } }) as AppConfig;
  let bus: InProcessEventBus;
  let cache: RegistryCache;
  let loads: number;
  const load = (value: string | null) => async () => {
    loads += 1;
    return value === null ? null : { value, brandId: 'b1' };
  };
  const brandOf = (v: { brandId: string }) => v.brandId;

  beforeEach(async () => {
    bus = new InProcessEventBus();
    cache = new RegistryCache(bus, config(60_000));
    await cache.onModuleInit();
    loads = 0;
  });

  it('loads once for concurrent callers and serves the value from memory afterwards', async () => {
    const [a, b] = await Promise.all([cache.get('k', load('v1'), brandOf), cache.get('k', load('v1'), brandOf)]);
    expect(a).toEqual({ value: 'v1', brandId: 'b1' });
    expect(b).toBe(a);
    await cache.get('k', load('v2'), brandOf);
    expect(loads).toBe(1);
  });

  it('does not cache a miss, so a row created a moment later is found', async () => {
    expect(await cache.get('k', load(null), brandOf)).toBeNull();
    expect(await cache.get('k', load('v1'), brandOf)).toEqual({ value: 'v1', brandId: 'b1' });
    expect(loads).toBe(2);
  });

  it("forgets a brand's entries when it changes here or on another instance (the bus)", async () => {
    await cache.get('k', load('v1'), brandOf);
    cache.changed('b1');
    await tick();
    expect(await cache.get('k', load('v2'), brandOf)).toEqual({ value: 'v2', brandId: 'b1' });
    await bus.publish(REGISTRY_CHANGED_TOPIC, 'b1');
    await tick();
    expect(await cache.get('k', load('v3'), brandOf)).toEqual({ value: 'v3', brandId: 'b1' });
    await bus.publish(REGISTRY_CHANGED_TOPIC, 'another-brand');
    await tick();
    expect(await cache.get('k', load('v4'), brandOf)).toEqual({ value: 'v3', brandId: 'b1' });
  });

  it('does not keep what a load read before an invalidation that happened while it ran', async () => {
    let finish!: () => void;
    const slow = cache.get('k', () => new Promise<{ value: string; brandId: string }>((resolve) => (finish = () => resolve({ value: 'old', brandId: 'b1' }))), brandOf);
    cache.changed('b1');
    finish();
    expect(await slow).toEqual({ value: 'old', brandId: 'b1' });
    expect(await cache.get('k', load('new'), brandOf)).toEqual({ value: 'new', brandId: 'b1' });
  });

  it('reads through when the TTL is 0', async () => {
    const off = new RegistryCache(bus, config(0));
    await off.get('k', load('v1'), brandOf);
    await off.get('k', load('v1'), brandOf);
    expect(loads).toBe(2);
  });
});

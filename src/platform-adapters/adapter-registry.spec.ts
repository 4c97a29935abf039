import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { FixedClock, Clock } from '../core/clock/clock';
import { EgressPolicy } from '../core/egress/egress-policy';
import { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { TokenSigner } from '../core/crypto/token-signer';
import { EventBus } from '../core/events/event-bus';
import { InProcessEventBus } from '../core/events/in-process-event-bus';
import { MetricsService } from '../core/metrics/metrics.service';
import { AdapterRegistry } from './adapter-registry';
import { PlatformAdapter } from './platform-adapter';
import { PlatformAdapterError } from './platform-adapters.errors';
import { PlatformAdaptersModule } from './platform-adapters.module';
import { WebchatAdapter } from './webchat/webchat.adapter';
import { WebhookAdapter } from './webhook/webhook.adapter';

describe('AdapterRegistry', () => {
  const webhook = new WebhookAdapter(new FixedClock(), { platform: { timeoutMs: 1000 } } as AppConfig, new EgressPolicy([]));
  const webchat = Object.assign(Object.create(WebchatAdapter.prototype) as PlatformAdapter, { name: 'webchat' });

  it('is built by PlatformAdaptersModule with every adapter', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [PlatformAdaptersModule] })
      .useMocker((token) => {
        if (token === Clock) return new FixedClock();
        if (token === APP_CONFIG) return { platform: { timeoutMs: 1000 }, webchat: { sessionTtlSeconds: 60 } };
        // The web chat adapter's event log and session tokens.
        if (token === DataSource) return {};
        if (token === EventBus) return new InProcessEventBus();
        if (token === MetricsService) return new MetricsService();
        if (token === TokenSigner) return new TokenSigner('a-signing-secret-that-is-long-enough-0123');
        if (token === EgressPolicy) return new EgressPolicy([]);
        throw new Error(`unexpected dependency ${String(token)}`);
      })
      .compile();
    const registry = moduleRef.get(AdapterRegistry);
    expect(registry.names()).toEqual(['webhook', 'webchat']);
    expect(registry.get('webhook')).toBeInstanceOf(WebhookAdapter);
    expect(registry.get('webchat')).toBeInstanceOf(WebchatAdapter);
    await moduleRef.close();
  });

  it('throws ADAPTER.UNSUPPORTED naming an unknown adapter', () => {
    const registry = new AdapterRegistry([webhook, webchat]);
    let error: unknown;
    try {
      registry.get('telegram');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PlatformAdapterError);
    expect(error).toMatchObject({ code: 'ADAPTER.UNSUPPORTED', status: 400, details: { field: 'adapter' } });
    expect((error as Error).message).toContain('"telegram"');
  });

  it('refuses to boot when two adapters claim one name', () => {
    const impostor = Object.assign(Object.create(WebhookAdapter.prototype) as PlatformAdapter, { name: 'webhook' });
    expect(() => new AdapterRegistry([webhook, impostor])).toThrow('Two platform adapters are registered as "webhook"');
  });

  it('refuses to boot when a name has no adapter', () => {
    expect(() => new AdapterRegistry([])).toThrow('No platform adapter is registered for: webhook, webchat');
  });
});

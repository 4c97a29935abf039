import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { FixedClock, Clock } from '../core/clock/clock';
import { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { TokenSigner } from '../core/crypto/token-signer';
import { EventBus } from '../core/events/event-bus';
import { InProcessEventBus } from '../core/events/in-process-event-bus';
import { MetricsService } from '../core/metrics/metrics.service';
import { AdapterDescriptor } from './adapter-descriptor';
import { ADAPTER_DESCRIPTORS, AdapterRegistry } from './adapter-registry';
import { PlatformAdapter } from './platform-adapter';
import { PlatformAdapterError } from './platform-adapters.errors';
import { PlatformAdaptersModule } from './platform-adapters.module';
import { WEBCHAT_DESCRIPTOR } from './webchat/webchat-config';
import { WebchatAdapter } from './webchat/webchat.adapter';
import { WEBHOOK_DESCRIPTOR } from './webhook/webhook-config';
import { WebhookAdapter } from './webhook/webhook.adapter';

describe('AdapterRegistry', () => {
  const webhook = new WebhookAdapter(new FixedClock(), { platform: { timeoutMs: 1000 } } as AppConfig);
  const webchat = Object.assign(Object.create(WebchatAdapter.prototype) as PlatformAdapter, { name: 'webchat', descriptor: WEBCHAT_DESCRIPTOR });

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
        throw new Error(`unexpected dependency ${String(token)}`);
      })
      .compile();
    const registry = moduleRef.get(AdapterRegistry);
    expect(registry.names()).toEqual(['webhook', 'webchat']);
    expect(registry.get('webhook')).toBeInstanceOf(WebhookAdapter);
    expect(registry.get('webchat')).toBeInstanceOf(WebchatAdapter);
    expect(registry.descriptors().map((d) => d.name)).toEqual(['webhook', 'webchat']);
  });

  it('is the catalogue: each adapter’s declared schema, secrets and capabilities, the same objects OpenAPI reads', () => {
    const registry = new AdapterRegistry([webhook, webchat]);
    expect(registry.descriptors()).toEqual([ADAPTER_DESCRIPTORS.webhook, ADAPTER_DESCRIPTORS.webchat]);
    expect(webhook.secretConfigFields).toEqual(['signingSecrets']);
    expect(webchat.secretConfigFields).toEqual([]);
    expect(webhook.capabilities).toBe(ADAPTER_DESCRIPTORS.webhook.capabilities);
  });

  it('refuses to boot when an adapter declares another name, or a schema the validator cannot compile', () => {
    const liar = Object.assign(Object.create(WebchatAdapter.prototype) as PlatformAdapter, { name: 'webchat', descriptor: WEBHOOK_DESCRIPTOR });
    expect(() => new AdapterRegistry([webhook, liar])).toThrow('Platform adapter "webchat" declares itself as "webhook"');
    const broken = { ...WEBCHAT_DESCRIPTOR, configSchema: { ...WEBCHAT_DESCRIPTOR.configSchema, properties: { x: { type: 'string', minLength: 'two' } } } };
    const typo = Object.assign(Object.create(WebchatAdapter.prototype) as PlatformAdapter, { name: 'webchat', descriptor: broken as unknown as AdapterDescriptor });
    expect(() => new AdapterRegistry([webhook, typo])).toThrow();
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
    const impostor = Object.assign(Object.create(WebhookAdapter.prototype) as PlatformAdapter, { name: 'webhook', descriptor: WEBHOOK_DESCRIPTOR });
    expect(() => new AdapterRegistry([webhook, impostor])).toThrow('Two platform adapters are registered as "webhook"');
  });

  it('refuses to boot when a name has no adapter', () => {
    expect(() => new AdapterRegistry([])).toThrow('No platform adapter is registered for: webhook, webchat');
  });
});

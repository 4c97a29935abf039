import { Type } from '@nestjs/common';
import { AdapterDescriptor } from './adapter-descriptor';
import { compileConfigSchema } from './config-schema';
import { ADAPTER_NAMES, AdapterName, PlatformAdapter } from './platform-adapter';
import { PlatformAdapterError } from './platform-adapters.errors';
import { WEBCHAT_DESCRIPTOR } from './webchat/webchat-config';
import { WebchatAdapter } from './webchat/webchat.adapter';
import { WEBHOOK_DESCRIPTOR } from './webhook/webhook-config';
import { WebhookAdapter } from './webhook/webhook.adapter';

/**
 * Every adapter, by name. `satisfies` makes this exhaustive: a name added to `ADAPTER_NAMES` does not compile until
 * its adapter is listed here. This is the only place outside an adapter's folder that names a concrete adapter.
 */
export const ADAPTERS = {
  webhook: WebhookAdapter,
  webchat: WebchatAdapter,
} satisfies Record<AdapterName, Type<PlatformAdapter>>;

/**
 * Every adapter's declaration, readable without building the adapters: the OpenAPI document (decorators evaluated at
 * import) reads the config schemas from here. The adapters themselves point at the same objects.
 */
export const ADAPTER_DESCRIPTORS = {
  webhook: WEBHOOK_DESCRIPTOR,
  webchat: WEBCHAT_DESCRIPTOR,
} satisfies Record<AdapterName, AdapterDescriptor>;

/**
 * Looks adapters up by a channel's `adapter` name. Built from the adapter instances at boot, it refuses to start when
 * two adapters claim one name or a name has no adapter, so a wiring mistake cannot surface later as a lost message.
 */
export class AdapterRegistry {
  private readonly byName = new Map<string, PlatformAdapter>();

  constructor(adapters: readonly PlatformAdapter[]) {
    for (const adapter of adapters) {
      if (this.byName.has(adapter.name)) throw new Error(`Two platform adapters are registered as "${adapter.name}"`);
      if (adapter.descriptor.name !== adapter.name) throw new Error(`Platform adapter "${adapter.name}" declares itself as "${adapter.descriptor.name}"`);
      // Compiling now makes a broken schema stop the boot instead of failing the first channel creation.
      compileConfigSchema(adapter.descriptor.configSchema);
      this.byName.set(adapter.name, adapter);
    }
    const missing = ADAPTER_NAMES.filter((name) => !this.byName.has(name));
    if (missing.length > 0) throw new Error(`No platform adapter is registered for: ${missing.join(', ')}`);
  }

  /** The adapter for a channel; an unknown name is `ADAPTER.UNSUPPORTED` (400 with field `adapter` from the admin API). */
  get(name: string): PlatformAdapter {
    const adapter = this.byName.get(name);
    if (!adapter) {
      throw new PlatformAdapterError('UNSUPPORTED', `Unknown adapter "${name}"; supported: ${this.names().join(', ')}`, { field: 'adapter' });
    }
    return adapter;
  }

  /** The catalogue (§9.8): every registered adapter's declaration, in registration order. */
  descriptors(): AdapterDescriptor[] {
    return [...this.byName.values()].map((adapter) => adapter.descriptor);
  }

  names(): AdapterName[] {
    return [...this.byName.keys()] as AdapterName[];
  }
}

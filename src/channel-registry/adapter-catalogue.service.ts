import { Injectable } from '@nestjs/common';
import { AdapterRegistry } from '../platform-adapters/adapter-registry';
import { AdapterResponse } from './dto/adapter.response';

/** The adapter catalogue (§9.8): what each registered adapter declared, as the API shows it. */
@Injectable()
export class AdapterCatalogue {
  constructor(private readonly adapters: AdapterRegistry) {}

  list(): AdapterResponse[] {
    return this.adapters.names().map((name) => {
      const adapter = this.adapters.get(name);
      const { title, configSchema, capabilities } = adapter.descriptor;
      return {
        name,
        title,
        configSchema: { $schema: 'https://json-schema.org/draft/2020-12/schema', ...configSchema },
        secretFields: [...adapter.secretConfigFields],
        capabilities: { ...capabilities, messageTypes: [...capabilities.messageTypes] },
      };
    });
  }
}

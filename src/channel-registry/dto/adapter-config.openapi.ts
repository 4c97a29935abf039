import type { ApiPropertyOptions } from '@nestjs/swagger';
import { ADAPTER_DESCRIPTORS } from '../../platform-adapters/adapter-registry';

/**
 * `adapterConfig` in the OpenAPI document: one of the adapters' declared schemas (the same objects the validator and
 * the catalogue read), each titled with its adapter's name.
 */
export function adapterConfigOpenApi(description: string): ApiPropertyOptions {
  return {
    description,
    oneOf: Object.values(ADAPTER_DESCRIPTORS).map((d) => ({ ...(d.configSchema as Record<string, unknown>), title: `${d.name} adapterConfig` })),
  };
}

import { Module, Provider } from '@nestjs/common';
import { ADAPTERS, AdapterRegistry } from './adapter-registry';
import { PlatformAdapter } from './platform-adapter';

const adapterClasses = Object.values(ADAPTERS);

/** The adapter registry and the adapters (`webhook`, later `webchat`). Other modules use `AdapterRegistry` only. */
const registryProvider: Provider = {
  provide: AdapterRegistry,
  inject: adapterClasses,
  useFactory: (...adapters: PlatformAdapter[]) => new AdapterRegistry(adapters),
};

@Module({
  providers: [...adapterClasses, registryProvider],
  exports: [AdapterRegistry],
})
export class PlatformAdaptersModule {}

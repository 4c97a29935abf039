import { Module, Provider } from '@nestjs/common';
import { ADAPTERS, AdapterRegistry } from './adapter-registry';
import { PlatformAdapter } from './platform-adapter';
import { WebchatEventsModule } from './webchat/events/webchat-events.module';

const adapterClasses = Object.values(ADAPTERS);

/**
 * The adapter registry and the adapters (`webhook`, `webchat`). Other modules use `AdapterRegistry` only. The web
 * chat adapter records events in the web chat event log (`WebchatEventsModule`, which needs nothing of HTTP).
 */
const registryProvider: Provider = {
  provide: AdapterRegistry,
  inject: adapterClasses,
  useFactory: (...adapters: PlatformAdapter[]) => new AdapterRegistry(adapters),
};

@Module({
  imports: [WebchatEventsModule],
  providers: [...adapterClasses, registryProvider],
  exports: [AdapterRegistry],
})
export class PlatformAdaptersModule {}

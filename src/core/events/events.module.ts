import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { EventBus } from './event-bus';
import { InProcessEventBus } from './in-process-event-bus';
import { PgEventBus } from './pg-event-bus';

@Global()
@Module({})
export class EventsModule implements OnApplicationShutdown {
  constructor(@Inject(EventBus) private readonly bus: EventBus) {}

  static forRoot(config: AppConfig): DynamicModule {
    const url = config.database.url;
    return {
      module: EventsModule,
      providers: [{ provide: EventBus, useFactory: () => (url ? new PgEventBus(url) : new InProcessEventBus()) }],
      exports: [EventBus],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.bus instanceof PgEventBus) await this.bus.close();
  }
}

import { Injectable, OnModuleInit } from '@nestjs/common';
import { DeliveryHandlerRegistry } from '../../../outbox/delivery-handler.registry';
import { DfoCaseStatusHandler } from './dfo-case-status.handler';
import { DfoThreadUpdateHandler } from './dfo-thread-update.handler';
import { PlatformEventHandler } from './platform-event.handler';

/** Registers the lifecycle's delivery handlers with the outbox at boot. */
@Injectable()
export class LifecycleHandlersRegistrar implements OnModuleInit {
  constructor(
    private readonly registry: DeliveryHandlerRegistry,
    private readonly platformEvent: PlatformEventHandler,
    private readonly caseStatus: DfoCaseStatusHandler,
    private readonly threadUpdate: DfoThreadUpdateHandler,
  ) {}

  onModuleInit(): void {
    this.registry.register(this.platformEvent);
    this.registry.register(this.caseStatus);
    this.registry.register(this.threadUpdate);
  }
}

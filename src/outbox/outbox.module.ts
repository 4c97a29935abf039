import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeliveryEntity } from './delivery.entity';
import { DeliveryHandlerRegistry } from './delivery-handler.registry';
import { DeliveryKind } from './delivery-kinds';
import { DeliveryQueue } from './delivery-queue';
import { OutboxWake } from './outbox-wake';
import { OutboxMetrics } from './outbox.metrics';
import { OutboxScheduler } from './outbox.scheduler';
import { OutboxService } from './outbox.service';
import { OutboxWorker } from './outbox.worker';

/**
 * The delivery outbox: enqueue in the caller's transaction, workers that claim with SKIP LOCKED, handlers per kind.
 * Feature modules import `OutboxModule.forFeature(theirKinds)`, inject `OutboxService` to enqueue and
 * `DeliveryHandlerRegistry` to register their handlers in `onModuleInit`. It imports no feature module.
 */
@Module({
  imports: [TypeOrmModule.forFeature([DeliveryEntity])],
  providers: [DeliveryQueue, OutboxWake, OutboxService, DeliveryHandlerRegistry, OutboxMetrics, OutboxWorker, OutboxScheduler],
  exports: [OutboxService, DeliveryHandlerRegistry],
})
export class OutboxModule {
  /**
   * The outbox for a module that owns delivery kinds: the registry learns that `kinds` must have a handler before
   * the workers start (see `delivery-kinds.ts`). A separate module class, so that the outbox itself stays one instance.
   */
  static forFeature(kinds: readonly DeliveryKind[]): DynamicModule {
    return {
      module: OutboxFeatureModule,
      imports: [OutboxModule],
      providers: [
        {
          provide: `OUTBOX_KINDS:${[...kinds].sort().join(',')}`,
          useFactory: (registry: DeliveryHandlerRegistry) => registry.expect(kinds),
          inject: [DeliveryHandlerRegistry],
        },
      ],
      exports: [OutboxModule],
    };
  }
}

@Module({})
class OutboxFeatureModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeliveryEntity } from './delivery.entity';
import { DeliveryHandlerRegistry } from './delivery-handler.registry';
import { DeliveryQueue } from './delivery-queue';
import { OutboxWake } from './outbox-wake';
import { OutboxMetrics } from './outbox.metrics';
import { OutboxScheduler } from './outbox.scheduler';
import { OutboxService } from './outbox.service';
import { OutboxWorker } from './outbox.worker';

/**
 * The delivery outbox: enqueue in the caller's transaction, workers that claim with SKIP LOCKED, handlers per kind.
 * Feature modules import it, inject `OutboxService` to enqueue and `DeliveryHandlerRegistry` to register their
 * handlers in `onModuleInit`. It imports no feature module.
 */
@Module({
  imports: [TypeOrmModule.forFeature([DeliveryEntity])],
  providers: [DeliveryQueue, OutboxWake, OutboxService, DeliveryHandlerRegistry, OutboxMetrics, OutboxWorker, OutboxScheduler],
  exports: [OutboxService, DeliveryHandlerRegistry],
})
export class OutboxModule {}

import { Injectable } from '@nestjs/common';
import { DeliveryKind } from './delivery.entity';
import { DeliveryHandler } from './outbox.types';

/**
 * Where modules register the handler of each delivery kind, in their `onModuleInit`. Workers claim only the kinds
 * that have a handler here, so a row of an unknown kind waits (for an instance that knows it) instead of dying.
 */
@Injectable()
export class DeliveryHandlerRegistry {
  private readonly handlers = new Map<DeliveryKind, DeliveryHandler>();

  register(handler: DeliveryHandler): void {
    if (this.handlers.has(handler.kind)) throw new Error(`A delivery handler for "${handler.kind}" is already registered`);
    this.handlers.set(handler.kind, handler);
  }

  get(kind: DeliveryKind): DeliveryHandler | undefined {
    return this.handlers.get(kind);
  }

  kinds(): DeliveryKind[] {
    return [...this.handlers.keys()];
  }
}

import { Injectable } from '@nestjs/common';
import { DeliveryEntity } from './delivery.entity';
import { DeliveryKind } from './delivery-kinds';
import { DeliveryHandler, HandlerResult } from './outbox.types';

/** A handler as the worker holds it: it runs whatever row the worker claimed, and the row's kind chose it. */
export interface ClaimedDeliveryHandler {
  readonly kind: DeliveryKind;
  readonly maxAttempts?: number;
  handle(delivery: DeliveryEntity): Promise<HandlerResult>;
  onDead?(delivery: DeliveryEntity, reason: string): Promise<void>;
}

/**
 * Where modules register the handler of each delivery kind, in their `onModuleInit`, after declaring their kinds
 * with `OutboxModule.forFeature`. A second handler for a kind throws at once; `assertComplete` (run before the
 * workers start) fails the boot when a declared kind has no handler, or a handler has an undeclared kind. Workers
 * claim only the kinds that have a handler here.
 */
@Injectable()
export class DeliveryHandlerRegistry {
  private readonly handlers = new Map<DeliveryKind, ClaimedDeliveryHandler>();
  private readonly declared = new Set<DeliveryKind>();

  /** The kinds that must have a handler once the app starts (from `OutboxModule.forFeature`). */
  expect(kinds: readonly DeliveryKind[]): void {
    for (const kind of kinds) this.declared.add(kind);
  }

  register<K extends DeliveryKind>(handler: DeliveryHandler<K>): void {
    if (this.handlers.has(handler.kind)) throw new Error(`A delivery handler for "${handler.kind}" is already registered`);
    // The one place a payload's type is taken on trust: a row of kind K was written from a `NewDelivery<K>`
    // (enqueueing is typed), and only a row of kind K reaches this handler (`get` below).
    this.handlers.set(handler.kind, handler as ClaimedDeliveryHandler);
  }

  /** Throws, naming them, when a declared kind has no handler or a handler's kind was never declared. */
  assertComplete(): void {
    const missing = [...this.declared].filter((kind) => !this.handlers.has(kind));
    const undeclared = [...this.handlers.keys()].filter((kind) => !this.declared.has(kind));
    const problems = [
      ...(missing.length > 0 ? [`no handler for ${missing.map((k) => `"${k}"`).join(', ')}`] : []),
      ...(undeclared.length > 0 ? [`handlers for undeclared kinds ${undeclared.map((k) => `"${k}"`).join(', ')} (declare them with OutboxModule.forFeature)`] : []),
    ];
    if (problems.length > 0) throw new Error(`Outbox delivery handlers are incomplete: ${problems.join('; ')}`);
  }

  get(kind: DeliveryKind): ClaimedDeliveryHandler | undefined {
    return this.handlers.get(kind);
  }

  kinds(): DeliveryKind[] {
    return [...this.handlers.keys()];
  }

  /** Whether `kind` is one this app knows (declared by a module); for validating a filter on the kind. */
  isKnown(kind: string): kind is DeliveryKind {
    return this.declared.has(kind as DeliveryKind);
  }

  knownKinds(): DeliveryKind[] {
    return [...this.declared];
  }
}

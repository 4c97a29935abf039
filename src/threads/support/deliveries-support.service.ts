import { Injectable, Logger } from '@nestjs/common';
import { ApiPrincipal } from '../../auth/current-principal.decorator';
import { Clock } from '../../core/clock/clock';
import { ValidationFailedError } from '../../core/errors/core.errors';
import { EventBus } from '../../core/events/event-bus';
import { DeliveryHandlerRegistry } from '../../outbox/delivery-handler.registry';
import { OUTBOX_WAKE_TOPIC } from '../../outbox/outbox.types';
import { ThreadsError } from '../threads.errors';
import { decodeCursor, encodeCursor } from './cursor';
import { DeliveryPageResponse, DeliveryResponse, ListDeliveriesQuery } from './dto/delivery.response';
import { DEFAULT_PAGE_SIZE } from './dto/page.query';
import { DeliveriesQueryRepository } from './deliveries-query.repository';
import { toDelivery } from './support.mappers';

/** Failed deliveries for support: list them, and put one back in line once its cause is fixed. */
@Injectable()
export class DeliveriesSupportService {
  private readonly logger = new Logger(DeliveriesSupportService.name);

  constructor(
    private readonly clock: Clock,
    private readonly deliveries: DeliveriesQueryRepository,
    private readonly bus: EventBus,
    private readonly handlers: DeliveryHandlerRegistry,
  ) {}

  async list(principal: ApiPrincipal, query: ListDeliveriesQuery): Promise<DeliveryPageResponse> {
    const { kind } = query;
    if (kind !== undefined && !this.handlers.isKnown(kind)) {
      throw new ValidationFailedError([{ field: 'kind', message: `kind must be one of the following values: ${this.handlers.knownKinds().sort().join(', ')}` }]);
    }
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const before = query.cursor ? decodeCursor(query.cursor, { i: 'bigint' }) : undefined;
    const rows = await this.deliveries.list(principal.brandIds, {
      status: query.status ?? 'dead',
      brandId: query.brandId,
      threadId: query.threadId,
      kind,
      beforeId: before?.i,
      limit,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { data: page.map(toDelivery), nextCursor: rows.length > limit && last ? encodeCursor({ i: last.id }) : null };
  }

  /**
   * `dead` → `pending`, attempts reset, due now; the workers are woken. Only a dead delivery can be retried
   * (`DELIVERY.NOT_DEAD`, 409): one that is pending or in flight is already being tried, and a done one happened.
   */
  async retry(principal: ApiPrincipal, id: string): Promise<DeliveryResponse> {
    const visible = /^[1-9][0-9]{0,17}$/.test(id) ? await this.deliveries.findVisible(principal.brandIds, id) : null;
    if (!visible) throw new ThreadsError('DELIVERY.NOT_FOUND', `Delivery ${id} was not found`);
    const requeued = await this.deliveries.requeueDead(principal.brandIds, id, this.clock.now());
    if (!requeued) throw new ThreadsError('DELIVERY.NOT_DEAD', `Delivery ${id} is ${visible.status}, not dead`, { status: visible.status });
    this.logger.log({ deliveryId: id, brandId: requeued.brand_id, kind: requeued.kind, apiKeyId: principal.keyId }, 'Dead delivery put back in line');
    await this.bus.publish(OUTBOX_WAKE_TOPIC, '').catch((err: unknown) => this.logger.warn({ err }, 'Could not wake the outbox; its sweep will pick the delivery up'));
    return toDelivery(requeued);
  }
}

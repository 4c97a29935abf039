import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ThreadEventEntity, ThreadEventType } from './thread-event.entity';

/** The timeline support engineers read. Events are appended, never changed. `brandId` first. */
@Injectable()
export class ThreadEventRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** `data` carries ids, statuses and reasons; never message text (the timeline is read by support staff). */
  async append(brandId: string, threadId: string, type: ThreadEventType, data: Record<string, unknown>, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource.manager).query(`INSERT INTO thread_events (brand_id, thread_id, type, data) VALUES ($1, $2, $3, $4)`, [
      brandId,
      threadId,
      type,
      data,
    ]);
  }

  listForThread(brandId: string, threadId: string, manager?: EntityManager): Promise<ThreadEventEntity[]> {
    return (manager ?? this.dataSource.manager).getRepository(ThreadEventEntity).find({ where: { brandId, threadId }, order: { id: 'ASC' } });
  }
}

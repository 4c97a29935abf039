import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ThreadRecipientEntity } from './thread-recipient.entity';

export interface RecipientInput {
  idOnExternalPlatform: string;
  name?: string | null;
  isPrimary?: boolean;
  isPrivate?: boolean;
}

/** A thread's recipients (DFO's `recipients` / `endUserRecipients`). `brandId` first. */
@Injectable()
export class ThreadRecipientRepository {
  constructor(private readonly dataSource: DataSource) {}

  listForThread(brandId: string, threadId: string, manager?: EntityManager): Promise<ThreadRecipientEntity[]> {
    return (manager ?? this.dataSource.manager).getRepository(ThreadRecipientEntity).find({
      where: { brandId, threadId },
      order: { isPrimary: 'DESC', createdAt: 'ASC' },
    });
  }

  /** Adds recipients, refreshing name and flags of those already known. */
  async upsertMany(brandId: string, threadId: string, recipients: RecipientInput[], manager?: EntityManager): Promise<void> {
    for (const r of recipients) {
      await (manager ?? this.dataSource.manager).query(
        `INSERT INTO thread_recipients (brand_id, thread_id, id_on_external_platform, name, is_primary, is_private)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (thread_id, id_on_external_platform) DO UPDATE SET
           name = COALESCE(EXCLUDED.name, thread_recipients.name), is_primary = EXCLUDED.is_primary, is_private = EXCLUDED.is_private
         WHERE thread_recipients.brand_id = EXCLUDED.brand_id`,
        [brandId, threadId, r.idOnExternalPlatform, r.name ?? null, r.isPrimary ?? false, r.isPrivate ?? false],
      );
    }
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { EndUserEntity } from './end-user.entity';

/** The platform's view of an author; absent fields are "not sent", never "erase". */
export interface EndUserProfile {
  idOnExternalPlatform: string;
  firstName?: string | null;
  lastName?: string | null;
  nickname?: string | null;
  imageUrl?: string | null;
}

/** End users (authors) per channel. `brandId` first; an optional `EntityManager` joins the caller's transaction. */
@Injectable()
export class EndUserRepository {
  constructor(private readonly dataSource: DataSource) {}

  findById(brandId: string, id: string, manager?: EntityManager): Promise<EndUserEntity | null> {
    return (manager ?? this.dataSource.manager).getRepository(EndUserEntity).findOneBy({ brandId, id });
  }

  /**
   * Creates the end user or refreshes the names the platform sent this time (a rename shows up on the next message).
   * One statement, so two first messages of a new end user racing each other both get the same row.
   */
  async upsert(brandId: string, channelId: string, profile: EndUserProfile, manager?: EntityManager): Promise<EndUserEntity> {
    const rows: Array<{ id: string }> = await (manager ?? this.dataSource.manager).query(
      `INSERT INTO end_users (brand_id, channel_id, id_on_external_platform, first_name, last_name, nickname, image_url)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (channel_id, id_on_external_platform) DO UPDATE SET
         first_name = COALESCE(EXCLUDED.first_name, end_users.first_name),
         last_name = COALESCE(EXCLUDED.last_name, end_users.last_name),
         nickname = COALESCE(EXCLUDED.nickname, end_users.nickname),
         image_url = COALESCE(EXCLUDED.image_url, end_users.image_url)
       WHERE end_users.brand_id = EXCLUDED.brand_id
       RETURNING id`,
      [brandId, channelId, profile.idOnExternalPlatform, profile.firstName ?? null, profile.lastName ?? null, profile.nickname ?? null, profile.imageUrl ?? null],
    );
    const endUser = rows[0] ? await this.findById(brandId, rows[0].id, manager) : null;
    if (!endUser) throw new Error(`End user upsert for channel ${channelId} matched another brand`);
    return endUser;
  }
}

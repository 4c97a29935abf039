import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../core/database/columns';

/** The author on the platform side (DFO's `authorEndUserIdentity`). */
@Entity('end_users')
export class EndUserEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'channel_id' }) channelId!: string;
  @Column('uuid', { name: 'brand_id' }) brandId!: string;
  @Column('text', { name: 'id_on_external_platform' }) idOnExternalPlatform!: string;
  @Column('text', { name: 'first_name', nullable: true }) firstName!: string | null;
  @Column('text', { name: 'last_name', nullable: true }) lastName!: string | null;
  @Column('text', { nullable: true }) nickname!: string | null;
  @Column('text', { name: 'image_url', nullable: true }) imageUrl!: string | null;
}

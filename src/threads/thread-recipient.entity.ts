import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../core/database/columns';

@Entity('thread_recipients')
export class ThreadRecipientEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'thread_id' }) threadId!: string;
  @Column('uuid', { name: 'brand_id' }) brandId!: string;
  @Column('text', { name: 'id_on_external_platform' }) idOnExternalPlatform!: string;
  @Column('text', { nullable: true }) name!: string | null;
  @Column('boolean', { name: 'is_primary' }) isPrimary!: boolean;
  @Column('boolean', { name: 'is_private' }) isPrivate!: boolean;
}

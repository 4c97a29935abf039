import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../core/database/columns';

export type ApiKeyRole = 'admin' | 'support';

/** An admin/support API key. Only its SHA-256 is stored; `brandIds` null means every brand. */
@Entity('api_keys')
export class ApiKeyEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'key_hash' }) keyHash!: string;
  @Column('text', { name: 'key_prefix' }) keyPrefix!: string;
  @Column('text') role!: ApiKeyRole;
  @Column('uuid', { name: 'brand_ids', array: true, nullable: true }) brandIds!: string[] | null;
  @Column('timestamptz', { name: 'last_used_at', nullable: true }) lastUsedAt!: Date | null;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
}

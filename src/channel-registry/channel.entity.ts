import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../core/database/columns';
import { ChannelSettings } from '../core/domain/channel-settings';

export type ChannelStatus = 'active' | 'disconnected' | 'removed';

/** A DFO channel (point of contact) bound to one platform adapter. */
@Entity('channels')
export class ChannelEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'integration_id' }) integrationId!: string;
  @Column('uuid', { name: 'brand_id' }) brandId!: string;
  @Column('text', { name: 'dfo_channel_id' }) dfoChannelId!: string;
  @Column('text', { name: 'id_on_external_platform' }) idOnExternalPlatform!: string;
  @Column('text', { name: 'real_external_platform_id' }) realExternalPlatformId!: string;
  @Column('text') name!: string;
  @Column('text') adapter!: string;
  /** The adapter's config; its secret fields are sealed (see `AdapterConfigSealer`). */
  @Column('jsonb', { name: 'adapter_config' }) adapterConfig!: Record<string, unknown>;
  @Column('text') status!: ChannelStatus;
  @Column('jsonb') settings!: ChannelSettings;
}

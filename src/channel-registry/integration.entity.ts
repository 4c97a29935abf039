import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../core/database/columns';

export type ReplyApi = '2.0' | '1.0';

/** A BYOC integration (a channel type in CXone) and the client credentials DFO presents to our token endpoint. */
@Entity('integrations')
export class IntegrationEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'brand_id' }) brandId!: string;
  @Column('text') name!: string;
  /** CXone's Integration ID, null until CXone issues it. */
  @Column('text', { name: 'channel_integration_id', nullable: true }) channelIntegrationId!: string | null;
  @Column('text', { name: 'client_id' }) clientId!: string;
  /** scrypt hash; the secret itself is shown once, at creation. */
  @Column('text', { name: 'client_secret_hash' }) clientSecretHash!: string;
  @Column('text', { name: 'reply_api' }) replyApi!: ReplyApi;
}

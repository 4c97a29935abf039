import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../core/database/columns';

export type DfoAuthKind = 'access_key' | 'client_credentials';

/** A CXone brand (DFO's equivalent of a business unit) and the credentials we use to call its DFO API. */
@Entity('brands')
export class BrandEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'tenant_id' }) tenantId!: string;
  @Column('integer', { name: 'dfo_brand_id' }) dfoBrandId!: number;
  @Column('integer', { name: 'business_unit_id' }) businessUnitId!: number;
  @Column('text', { name: 'dfo_api_base_url' }) dfoApiBaseUrl!: string;
  @Column('text', { name: 'dfo_auth_kind' }) dfoAuthKind!: DfoAuthKind;
  @Column('text', { name: 'dfo_auth_url' }) dfoAuthUrl!: string;
  @Column('text', { name: 'dfo_key_id' }) dfoKeyId!: string;
  /** Sealed with `SecretBox` (context: `brand:<id>`); never returned by the API. */
  @Column('text', { name: 'dfo_secret_sealed' }) dfoSecretSealed!: string;
}

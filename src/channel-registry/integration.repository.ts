import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { BrandScope, isId, scopedWhere } from '../core/database/brand-scope';
import { IntegrationEntity } from './integration.entity';

export type NewIntegration = Omit<IntegrationEntity, 'id' | 'brandId' | 'createdAt' | 'updatedAt'>;
export type IntegrationPatch = Partial<Pick<IntegrationEntity, 'name' | 'channelIntegrationId' | 'replyApi' | 'clientSecretHash'>>;

/**
 * BYOC integrations. Scoped reads take the caller's `BrandScope` first, writes the `brandId`; `findByClientId` is
 * unscoped because it is how the token endpoint finds the brand.
 */
@Injectable()
export class IntegrationRepository {
  constructor(@InjectRepository(IntegrationEntity) private readonly integrations: Repository<IntegrationEntity>) {}

  async findById(scope: BrandScope, id: string): Promise<IntegrationEntity | null> {
    const where = scopedWhere<IntegrationEntity>(scope, { id });
    return where && isId(id) ? this.integrations.findOneBy(where) : null;
  }

  /** The integrations a scope may see (one brand: `[brandId]`), oldest first. */
  async list(scope: BrandScope): Promise<IntegrationEntity[]> {
    const where = scopedWhere<IntegrationEntity>(scope, {});
    return where ? this.integrations.find({ where, order: { createdAt: 'ASC', id: 'ASC' } }) : [];
  }

  /**
   * Unscoped on purpose: the token endpoint identifies the integration (and so the brand) by its client id, which
   * is globally unique; nothing brand-specific is known before that.
   */
  findByClientId(clientId: string): Promise<IntegrationEntity | null> {
    return this.integrations.findOneBy({ clientId });
  }

  async insert(brandId: string, integration: NewIntegration): Promise<IntegrationEntity> {
    const { identifiers } = await this.integrations.insert({ ...integration, brandId });
    return this.integrations.findOneByOrFail({ brandId, id: identifiers[0]!.id as string });
  }

  async update(brandId: string, id: string, patch: IntegrationPatch): Promise<IntegrationEntity> {
    if (Object.keys(patch).length > 0) await this.integrations.update({ brandId, id }, patch);
    return this.integrations.findOneByOrFail({ brandId, id });
  }
}

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { BrandScope, isId, scopedWhere } from './brand-scope';
import { IntegrationEntity, MtlsMode } from './integration.entity';

export type NewIntegration = Omit<IntegrationEntity, 'id' | 'createdAt' | 'updatedAt'>;
export type IntegrationPatch = Partial<Pick<IntegrationEntity, 'name' | 'channelIntegrationId' | 'replyApi' | 'clientSecretHash'>>;

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

  async insert(integration: NewIntegration): Promise<IntegrationEntity> {
    const { identifiers } = await this.integrations.insert(integration);
    return this.integrations.findOneByOrFail({ id: identifiers[0]!.id as string });
  }

  async update(brandId: string, id: string, patch: IntegrationPatch): Promise<IntegrationEntity> {
    if (Object.keys(patch).length > 0) await this.integrations.update({ brandId, id }, patch);
    return this.integrations.findOneByOrFail({ brandId, id });
  }

  /** Locks the integration's row for the caller's transaction: changes to its mTLS settings are made one at a time. */
  findForUpdate(brandId: string, id: string, manager: EntityManager): Promise<IntegrationEntity | null> {
    return manager.getRepository(IntegrationEntity).findOne({ where: { brandId, id }, lock: { mode: 'pessimistic_write' } });
  }

  async setMtlsMode(brandId: string, id: string, mode: MtlsMode, manager?: EntityManager): Promise<void> {
    await (manager ? manager.getRepository(IntegrationEntity) : this.integrations).update({ brandId, id }, { mtlsMode: mode });
  }
}

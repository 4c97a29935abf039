import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { violatesConstraint } from '../core/database/query-errors';
import { BrandScope, isId, scopedWhere } from './brand-scope';
import { brandNotFound } from './channel-registry.errors';
import { IntegrationEntity, MtlsMode } from './integration.entity';

export type NewIntegration = Pick<IntegrationEntity, 'brandId' | 'name' | 'channelIntegrationId' | 'clientId' | 'clientSecretHash' | 'replyApi'>;
export type IntegrationPatch = Partial<Pick<IntegrationEntity, 'name' | 'channelIntegrationId' | 'replyApi'>>;

const BRAND_FOREIGN_KEY = 'integrations_brand_id_fkey';

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

  /** Fails with `BRAND.NOT_FOUND` when the brand was deleted meanwhile (the foreign key refuses the row). */
  async insert(integration: NewIntegration): Promise<IntegrationEntity> {
    try {
      const { identifiers } = await this.integrations.insert({ ...integration, mtlsMode: 'off' });
      return await this.integrations.findOneByOrFail({ id: identifiers[0]!.id as string });
    } catch (err) {
      if (violatesConstraint(err, BRAND_FOREIGN_KEY)) throw brandNotFound(integration.brandId);
      throw err;
    }
  }

  async update(brandId: string, id: string, patch: IntegrationPatch): Promise<IntegrationEntity> {
    if (Object.keys(patch).length > 0) await this.integrations.update({ brandId, id }, patch);
    return this.integrations.findOneByOrFail({ brandId, id });
  }

  /**
   * Makes `secretHash` the client secret. The current one becomes the previous secret until `previousExpiresAt`, or
   * is dropped when that is null. One statement that reads the current hash from the row it updates: two concurrent
   * rotations serialise on the row, and the second keeps the first's secret as its previous one.
   */
  async rotateSecret(brandId: string, id: string, secretHash: string, at: Date, previousExpiresAt: Date | null): Promise<IntegrationEntity | null> {
    const keepPrevious = previousExpiresAt !== null;
    const result = await this.integrations
      .createQueryBuilder()
      .update()
      .set({
        clientSecretHash: secretHash,
        clientSecretRotatedAt: at,
        previousClientSecretHash: keepPrevious ? () => 'client_secret_hash' : null,
        previousClientSecretExpiresAt: previousExpiresAt,
      })
      .where('brand_id = :brandId AND id = :id', { brandId, id })
      .execute();
    return (result.affected ?? 0) > 0 ? this.integrations.findOneBy({ brandId, id }) : null;
  }

  /** Refuses every token issued so far: they carry the generation this increments. */
  async revokeTokens(brandId: string, id: string, at: Date): Promise<IntegrationEntity | null> {
    const result = await this.integrations
      .createQueryBuilder()
      .update()
      .set({ tokenGeneration: () => 'token_generation + 1', tokensRevokedAt: at })
      .where('brand_id = :brandId AND id = :id', { brandId, id })
      .execute();
    return (result.affected ?? 0) > 0 ? this.integrations.findOneBy({ brandId, id }) : null;
  }

  /**
   * Locks the row until the transaction ends. A channel being inserted for it holds a key-share lock (its foreign
   * key) until it commits, so this waits for it, and a later statement of the transaction sees that channel.
   */
  async lockForDelete(brandId: string, id: string, manager: EntityManager): Promise<boolean> {
    if (!isId(id)) return false;
    const rows: unknown[] = await manager.query('SELECT id FROM integrations WHERE brand_id = $1 AND id = $2 FOR UPDATE', [brandId, id]);
    return rows.length > 0;
  }

  /** Locks every integration of the brand, oldest first (the order concurrent deletions take them in). */
  async lockAllForDelete(brandId: string, manager: EntityManager): Promise<void> {
    await manager.query('SELECT id FROM integrations WHERE brand_id = $1 ORDER BY created_at, id FOR UPDATE', [brandId]);
  }

  /** Deletes the row, and by cascade its (removed) channels with their threads and messages. */
  async delete(brandId: string, id: string, manager: EntityManager): Promise<void> {
    await manager.delete(IntegrationEntity, { brandId, id });
  }

  /** Locks the integration's row for the caller's transaction: changes to its mTLS settings are made one at a time. */
  findForUpdate(brandId: string, id: string, manager: EntityManager): Promise<IntegrationEntity | null> {
    return manager.getRepository(IntegrationEntity).findOne({ where: { brandId, id }, lock: { mode: 'pessimistic_write' } });
  }

  async setMtlsMode(brandId: string, id: string, mode: MtlsMode, manager?: EntityManager): Promise<void> {
    await (manager ? manager.getRepository(IntegrationEntity) : this.integrations).update({ brandId, id }, { mtlsMode: mode });
  }
}


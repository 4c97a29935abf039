import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { BrandEntity } from './brand.entity';
import { BrandScope, isId } from './brand-scope';

export type NewBrand = Omit<BrandEntity, 'createdAt' | 'updatedAt'>;
export type BrandPatch = Partial<Pick<BrandEntity, 'name' | 'dfoApiBaseUrl' | 'dfoAuthKind' | 'dfoAuthUrl' | 'dfoKeyId' | 'dfoSecretSealed'>>;

/** Brands are their own scope: the brand id is the row's id. */
@Injectable()
export class BrandRepository {
  constructor(@InjectRepository(BrandEntity) private readonly brands: Repository<BrandEntity>) {}

  async findById(scope: BrandScope, id: string): Promise<BrandEntity | null> {
    if (!isId(id) || (scope !== null && !scope.includes(id))) return null;
    return this.brands.findOneBy({ id });
  }

  async list(scope: BrandScope): Promise<BrandEntity[]> {
    if (scope !== null && scope.length === 0) return [];
    return this.brands.find({ where: scope === null ? {} : { id: In([...scope]) }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /**
   * Unscoped on purpose: the action pages know only DFO's numeric brand id (from CXone's query) until a one-time
   * token has been verified with that brand's DFO. Several of our brands may point at one DFO brand.
   */
  findByDfoBrandId(dfoBrandId: number): Promise<BrandEntity[]> {
    return this.brands.find({ where: { dfoBrandId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** The id is chosen by the caller: the sealed DFO secret is bound to it (`brand:<id>`). */
  async insert(brand: NewBrand): Promise<BrandEntity> {
    await this.brands.insert(brand);
    return this.brands.findOneByOrFail({ id: brand.id });
  }

  /** The brand after the patch, or null when it no longer exists. */
  async update(brandId: string, patch: BrandPatch): Promise<BrandEntity | null> {
    if (Object.keys(patch).length > 0) await this.brands.update({ id: brandId }, patch);
    return this.brands.findOneBy({ id: brandId });
  }

  /** Locks the row until the transaction ends (see `IntegrationRepository.lockForDelete`). */
  async lockForDelete(brandId: string, manager: EntityManager): Promise<boolean> {
    const rows: unknown[] = await manager.query('SELECT id FROM brands WHERE id = $1 FOR UPDATE', [brandId]);
    return rows.length > 0;
  }

  /** Deletes the brand and, by cascade, everything of it: integrations, channels, threads, messages, deliveries. */
  async delete(brandId: string, manager: EntityManager): Promise<void> {
    await manager.delete(BrandEntity, { id: brandId });
  }
}

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { BrandEntity } from './brand.entity';
import { BrandScope, isId } from '../core/database/brand-scope';

export type NewBrand = Omit<BrandEntity, 'id' | 'createdAt' | 'updatedAt'>;

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
  async insert(brandId: string, brand: NewBrand): Promise<BrandEntity> {
    await this.brands.insert({ ...brand, id: brandId });
    return this.brands.findOneByOrFail({ id: brandId });
  }
}

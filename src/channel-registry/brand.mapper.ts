import { BrandEntity } from './brand.entity';
import { BrandResponse } from './dto/brand.response';

/** The exposed fields of a brand; the sealed DFO secret is not one of them. */
export function toBrandResponse(brand: BrandEntity): BrandResponse {
  return {
    id: brand.id,
    name: brand.name,
    tenantId: brand.tenantId,
    dfoBrandId: brand.dfoBrandId,
    businessUnitId: brand.businessUnitId,
    dfo: { apiBaseUrl: brand.dfoApiBaseUrl, authKind: brand.dfoAuthKind, authUrl: brand.dfoAuthUrl, keyId: brand.dfoKeyId },
    createdAt: brand.createdAt,
    updatedAt: brand.updatedAt,
  };
}

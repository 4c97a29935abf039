import { sha256Hex } from '../core/crypto/hashing';
import { SecretBox } from '../core/crypto/secret-box';
import { DfoBrandCredentials } from '../dfo-client/dfo-credentials';
import { BrandEntity } from './brand.entity';

export function brandSecretContext(brandId: string): string {
  return `brand:${brandId}`;
}

/**
 * A brand's DFO credentials with the secret opened. `cacheKey` keys DfoClient's token cache: the brand id plus a
 * fingerprint of what the token depends on (and of `updatedAt`, which moves with any change, the secret included),
 * so changed credentials never reuse a token obtained with the old ones.
 */
export function toDfoCredentials(brand: BrandEntity, box: SecretBox): DfoBrandCredentials {
  const fingerprint = sha256Hex([brand.dfoAuthKind, brand.dfoAuthUrl, brand.dfoKeyId, brand.updatedAt.toISOString()].join('\n')).slice(0, 16);
  return {
    kind: 'brand',
    brandId: brand.id,
    cacheKey: `${brand.id}:${fingerprint}`,
    apiBaseUrl: brand.dfoApiBaseUrl,
    authKind: brand.dfoAuthKind,
    authUrl: brand.dfoAuthUrl,
    keyId: brand.dfoKeyId,
    secret: box.open(brand.dfoSecretSealed, brandSecretContext(brand.id)),
  };
}

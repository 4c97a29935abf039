import { ApiKeyEntity } from './api-key.entity';
import { ApiKeyResponse } from './dto/api-key.response';

/** The exposed fields of an API key; never its hash. */
export function toApiKeyResponse(key: ApiKeyEntity): ApiKeyResponse {
  return {
    id: key.id,
    name: key.name,
    role: key.role,
    brandIds: key.brandIds,
    keyPrefix: key.keyPrefix,
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt,
    revokedAt: key.revokedAt,
  };
}

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { IsNull, Repository } from 'typeorm';
import { ApiKeyEntity } from './api-key.entity';

/**
 * API keys are not brand-owned rows (a key may span several brands, or all of them), so this repository is keyed by
 * the key's own id or hash; brand scope is checked by `ApiKeysService` against the caller's principal.
 */
@Injectable()
export class ApiKeyRepository {
  constructor(@InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>) {}

  findActiveByHash(keyHash: string): Promise<ApiKeyEntity | null> {
    return this.keys.findOneBy({ keyHash, revokedAt: IsNull() });
  }

  async findById(id: string): Promise<ApiKeyEntity | null> {
    return isUUID(id) ? this.keys.findOneBy({ id }) : null;
  }

  /** Every key, revoked ones included, oldest first; the caller filters by brand scope. */
  list(): Promise<ApiKeyEntity[]> {
    return this.keys.find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }

  insert(key: Pick<ApiKeyEntity, 'name' | 'keyHash' | 'keyPrefix' | 'role' | 'brandIds'>): Promise<ApiKeyEntity> {
    return this.keys.save(this.keys.create({ ...key, lastUsedAt: null, revokedAt: null }));
  }

  /** Conditional, so a key used concurrently on several instances is written at most once a minute. */
  async touchLastUsed(id: string, at: Date, minIntervalSeconds: number): Promise<void> {
    await this.keys.query(
      `UPDATE api_keys SET last_used_at = $2
        WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2::timestamptz - make_interval(secs => $3))`,
      [id, at.toISOString(), minIntervalSeconds],
    );
  }

  /** Returns false when the key was already revoked. */
  async revoke(id: string, at: Date): Promise<boolean> {
    const result = await this.keys.update({ id, revokedAt: IsNull() }, { revokedAt: at });
    return (result.affected ?? 0) > 0;
  }
}

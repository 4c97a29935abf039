import { Inject, Injectable, Logger } from '@nestjs/common';
import { ChannelDirectory } from '../channel-registry/channel-directory.service';
import { Clock } from '../core/clock/clock';
import { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { constantTimeEqual, randomToken, sha256Hex } from '../core/crypto/hashing';
import { toApiKeyResponse } from './api-key.mapper';
import { ApiKeyRepository } from './api-key.repository';
import { AuthError } from './auth.errors';
import { ApiPrincipal, canSeeBrand } from './current-principal.decorator';
import { CreateApiKeyDto } from './dto/create-api-key.dto';
import { ApiKeyResponse, CreatedApiKeyResponse } from './dto/api-key.response';

const KEY_PREFIX = 'bb_key_';
const DISPLAY_PREFIX_LENGTH = KEY_PREFIX.length + 6;
/** `last_used_at` is informative; writing it on every request would cost a write per read. */
const LAST_USED_INTERVAL_SECONDS = 60;

@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger(ApiKeysService.name);
  private readonly lastTouchedAt = new Map<string, number>();

  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly directory: ChannelDirectory,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The principal of a presented key, or null. The bootstrap `ADMIN_API_KEY` sees every brand. */
  async authenticate(presented: string): Promise<ApiPrincipal | null> {
    if (constantTimeEqual(presented, this.config.security.adminApiKey)) return { keyId: null, role: 'admin', brandIds: null };
    // Keys are high-entropy random strings, so a lookup by their SHA-256 reveals nothing through timing.
    const key = await this.keys.findActiveByHash(sha256Hex(presented));
    if (!key) return null;
    await this.touch(key.id);
    return { keyId: key.id, role: key.role, brandIds: key.brandIds };
  }

  async create(principal: ApiPrincipal, request: CreateApiKeyDto): Promise<CreatedApiKeyResponse> {
    const brandIds = await this.grantableBrands(principal, request.brandIds);
    const key = randomToken(KEY_PREFIX);
    const saved = await this.keys.insert({
      name: request.name,
      keyHash: sha256Hex(key),
      keyPrefix: key.slice(0, DISPLAY_PREFIX_LENGTH),
      role: request.role,
      brandIds,
    });
    return { ...toApiKeyResponse(saved), key };
  }

  /** The keys the caller could have created (their brands within the caller's), revoked ones included; never a key. */
  async list(principal: ApiPrincipal): Promise<ApiKeyResponse[]> {
    return (await this.keys.list()).filter((key) => coversBrands(principal, key.brandIds)).map(toApiKeyResponse);
  }

  /** Revokes a key the caller could have created (its brands within the caller's); revoking twice is a no-op. */
  async revoke(principal: ApiPrincipal, id: string): Promise<ApiKeyResponse> {
    const key = await this.keys.findById(id);
    if (!key || !coversBrands(principal, key.brandIds)) throw new AuthError('API_KEY.NOT_FOUND', `API key ${id} not found`);
    await this.keys.revoke(id, this.clock.now());
    return toApiKeyResponse((await this.keys.findById(id)) ?? key);
  }

  /** A brand-scoped key may only hand out keys within its own brands, and only brands that exist. */
  private async grantableBrands(principal: ApiPrincipal, requested: string[] | undefined): Promise<string[] | null> {
    if (requested === undefined) {
      if (principal.brandIds !== null) {
        throw new AuthError('API_KEY.SCOPE_EXCEEDED', 'brandIds: a brand-scoped key can only create keys for its own brands', { field: 'brandIds' });
      }
      return null;
    }
    const brandIds = [...new Set(requested)];
    for (const brandId of brandIds) {
      // A brand outside the caller's scope is reported exactly like one that does not exist.
      if (!canSeeBrand(principal, brandId) || !(await this.directory.getBrand(brandId))) {
        throw new AuthError('API_KEY.UNKNOWN_BRAND', `brandIds: unknown brand ${brandId}`, { field: 'brandIds' });
      }
    }
    return brandIds;
  }

  private async touch(keyId: string): Promise<void> {
    const now = this.clock.now();
    const last = this.lastTouchedAt.get(keyId);
    if (last !== undefined && now.getTime() - last < LAST_USED_INTERVAL_SECONDS * 1000) return;
    this.lastTouchedAt.set(keyId, now.getTime());
    try {
      await this.keys.touchLastUsed(keyId, now, LAST_USED_INTERVAL_SECONDS);
    } catch (err) {
      // Bookkeeping only: a failed write must not refuse a valid key.
      this.logger.warn({ err, keyId }, 'Could not record API key use');
    }
  }
}

function coversBrands(principal: ApiPrincipal, brandIds: string[] | null): boolean {
  if (principal.brandIds === null) return true;
  return brandIds !== null && brandIds.every((id) => canSeeBrand(principal, id));
}

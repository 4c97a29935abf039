import { ChannelDirectory } from '../channel-registry/channel-directory.service';
import { FixedClock } from '../core/clock/clock';
import { AppConfig } from '../core/config/app-config';
import { sha256Hex } from '../core/crypto/hashing';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeyRepository } from './api-key.repository';
import { ApiKeysService } from './api-keys.service';

const ADMIN_KEY = 'bootstrap-admin-key-0123456789';

describe('ApiKeysService.authenticate', () => {
  const clock = new FixedClock(new Date('2026-01-01T00:00:00Z'));
  const stored = { id: 'k-1', role: 'support', brandIds: ['b-1'], keyHash: sha256Hex('bb_key_valid') } as ApiKeyEntity;
  const touches: Date[] = [];
  const repo = {
    findActiveByHash: async (hash: string) => (hash === stored.keyHash ? stored : null),
    touchLastUsed: async (_id: string, at: Date) => void touches.push(at),
  } as unknown as ApiKeyRepository;
  const service = new ApiKeysService(repo, {} as ChannelDirectory, clock, { security: { adminApiKey: ADMIN_KEY } } as AppConfig);

  it('knows the bootstrap admin key, which sees every brand', async () => {
    await expect(service.authenticate(ADMIN_KEY)).resolves.toEqual({ keyId: null, role: 'admin', brandIds: null });
    await expect(service.authenticate(`${ADMIN_KEY}x`)).resolves.toBeNull();
  });

  it('finds a stored key by its hash and records its use at most once a minute', async () => {
    await expect(service.authenticate('bb_key_valid')).resolves.toEqual({ keyId: 'k-1', role: 'support', brandIds: ['b-1'] });
    clock.advance(30_000);
    await service.authenticate('bb_key_valid');
    clock.advance(31_000);
    await service.authenticate('bb_key_valid');
    expect(touches).toEqual([new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:01:01Z')]);
    await expect(service.authenticate('bb_key_other')).resolves.toBeNull();
  });
});

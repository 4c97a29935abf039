import { randomUUID } from 'node:crypto';
import { ApiPrincipal } from '../auth/current-principal.decorator';
import { AppConfig } from '../core/config/app-config';
import { SecretBox } from '../core/crypto/secret-box';
import { DomainError, FieldProblem } from '../core/errors/domain-error';
import { DfoClient } from '../dfo-client/dfo-client';
import { DfoCredentials } from '../dfo-client/dfo-credentials';
import { DfoError } from '../dfo-client/dfo.errors';
import { DfoNewChannel } from '../dfo-client/dfo.types';
import { AdapterRegistry } from '../platform-adapters/adapter-registry';
import { AdapterDescriptor, PlatformAdapter } from '../platform-adapters/platform-adapter';
import { AdapterConfigSealer } from './adapter-config-sealer';
import { ChannelEntity } from './channel.entity';
import { ChannelRepository, NewChannel } from './channel.repository';
import { ChannelDirectory } from './channel-directory.service';
import { ChannelRegistryError } from './channel-registry.errors';
import { ChannelsService } from './channels.service';
import { DfoChannels } from './dfo-channels';
import { IntegrationEntity } from './integration.entity';
import { IntegrationRepository } from './integration.repository';
import { PublicUrls } from './public-urls';
import { RegistryCache } from './registry-cache';

const admin: ApiPrincipal = { keyId: null, role: 'admin', brandIds: null };
const SECRET = 'a-signing-secret-of-some-length';

describe('ChannelsService (with a fake DFO and a fake adapter)', () => {
  let dfo: FakeDfoClient;
  let channels: InMemoryChannels;
  let integration: IntegrationEntity;
  let service: ChannelsService;
  const box = new SecretBox(Buffer.alloc(32, 1));
  const body = (extra: object = {}) => ({ name: 'Savanna', adapter: 'webhook' as const, adapterConfig: { outboundUrl: 'https://p.example', signingSecrets: [SECRET] }, ...extra });

  beforeEach(() => {
    dfo = new FakeDfoClient();
    channels = new InMemoryChannels();
    integration = { id: randomUUID(), brandId: randomUUID(), channelIntegrationId: 'cxone-int-1' } as IntegrationEntity;
    const integrations = { findById: async (_scope: unknown, id: string) => (id === integration.id ? integration : null) } as unknown as IntegrationRepository;
    const directory = { credentialsForBrand: async (brandId: string) => ({ kind: 'brand', cacheKey: brandId }) } as unknown as ChannelDirectory;
    const registry = new AdapterRegistry([new FakeWebhookAdapter(), new FakeWebchatAdapter()]);
    const urls = new PublicUrls({ app: { publicBaseUrl: 'https://bridge.example/' } } as AppConfig);
    const cache = { changed: () => undefined } as unknown as RegistryCache;
    service = new ChannelsService(integrations, channels as unknown as ChannelRepository, registry, new AdapterConfigSealer(box), new DfoChannels(dfo, directory), urls, cache);
  });

  it('creates the channel in DFO with a fresh uuid and the adapter’s flags, then stores it', async () => {
    const created = await service.create(admin, integration.id, body({ realExternalPlatformId: 'watering-hole' }));
    expect(dfo.created).toHaveLength(1);
    const sent = dfo.created[0]!;
    expect(sent.credentials).toEqual({ kind: 'brand', cacheKey: integration.brandId });
    expect(sent.channel).toEqual({
      id: created.dfoChannelId,
      idOnExternalPlatform: created.dfoChannelId,
      channelIntegrationId: 'cxone-int-1',
      realExternalPlatformId: 'watering-hole',
      name: 'Savanna',
      isPrivate: true,
      hasTreeStructure: false,
      hasReply: true,
      hasOutboundFlow: true,
      hasAbilityToSendFiles: false,
      isLiveChat: false,
    });
    expect(created).toMatchObject({ webhookUrl: `https://bridge.example/webhooks/${created.dfoChannelId}`, adapterConfig: { signingSecrets: { count: 1 } } });
    expect(channels.rows).toHaveLength(1);
    expect(JSON.stringify(channels.rows[0])).not.toContain(SECRET);
  });

  it('maps a DFO failure to a 502 and stores nothing', async () => {
    dfo.failCreate = new DfoError('AUTH_FAILED', 'token endpoint answered 401');
    const error = await service.create(admin, integration.id, body()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CHANNEL.DFO_CREATE_FAILED', status: 502 });
    expect((error as Error).message).toContain('AUTH_FAILED');
    expect(channels.rows).toHaveLength(0);
  });

  it('deletes the DFO channel again when it cannot be stored', async () => {
    channels.failInsert = new Error('database went away');
    await expect(service.create(admin, integration.id, body())).rejects.toThrow('database went away');
    expect(dfo.deleted.map((d) => d.channelId)).toEqual([dfo.created[0]!.channel.id]);
  });

  it('checks everything before calling DFO', async () => {
    const invalid = await service.create(admin, integration.id, body({ adapterConfig: { outboundUrl: 'nope' } })).catch((e: DomainError) => e);
    expect(invalid).toMatchObject({ code: 'VALIDATION.FAILED', details: { field: 'adapterConfig.outboundUrl' } });
    integration.channelIntegrationId = null;
    const missing = await service.create(admin, integration.id, body()).catch((e: DomainError) => e);
    expect(missing).toMatchObject({ code: 'INTEGRATION.CHANNEL_INTEGRATION_ID_MISSING', status: 409, details: { field: 'channelIntegrationId' } });
    expect(dfo.created).toHaveLength(0);
  });

  it('records a given DFO channel id as is, without calling DFO, and refuses it twice', async () => {
    const created = await service.create(admin, integration.id, body({ dfoChannelId: 'chat_abc' }));
    expect(created).toMatchObject({ dfoChannelId: 'chat_abc', idOnExternalPlatform: 'chat_abc', realExternalPlatformId: 'custom' });
    await expect(service.create(admin, integration.id, body({ dfoChannelId: 'chat_abc' }))).rejects.toMatchObject({ code: 'CHANNEL.DFO_CHANNEL_ID_TAKEN', details: { field: 'dfoChannelId' } });
    expect(dfo.created).toHaveLength(0);
  });

  it('removes: a channel DFO no longer knows is removed, a DFO failure keeps it', async () => {
    const gone = await service.create(admin, integration.id, body({ dfoChannelId: 'gone' }));
    dfo.failDelete = new DfoError('NOT_FOUND', 'no such channel');
    await service.remove(admin, gone.id);
    expect(channels.rows.find((c) => c.id === gone.id)?.status).toBe('removed');

    const kept = await service.create(admin, integration.id, body({ dfoChannelId: 'kept' }));
    dfo.failDelete = new DfoError('RETRYABLE', 'DFO answered 503');
    await expect(service.remove(admin, kept.id)).rejects.toMatchObject({ code: 'CHANNEL.DFO_DELETE_FAILED', status: 502 });
    expect(channels.rows.find((c) => c.id === kept.id)?.status).toBe('active');
  });

  describe('for the action pages: CXone’s access token instead of the brand’s credentials', () => {
    const access = { credentials: { kind: 'access_token' as const, apiBaseUrl: 'https://dfo.example/dfo/3.0', accessToken: 'cxone-at' } };

    it('creates under the chosen id with the access token', async () => {
      const created = await service.create(admin, integration.id, body(), { ...access, newChannelId: 'chosen-id' });
      expect(created.dfoChannelId).toBe('chosen-id');
      expect(dfo.created[0]).toMatchObject({ credentials: access.credentials, channel: { id: 'chosen-id', idOnExternalPlatform: 'chosen-id' } });
    });

    it('leaves DFO alone when a twin submission already stored the chosen id', async () => {
      channels.failInsert = new ChannelRegistryError('CHANNEL.DFO_CHANNEL_ID_TAKEN', 'taken');
      await expect(service.create(admin, integration.id, body(), { ...access, newChannelId: 'twin' })).rejects.toMatchObject({ code: 'CHANNEL.DFO_CHANNEL_ID_TAKEN' });
      expect(dfo.deleted).toHaveLength(0);
      channels.failInsert = new Error('database went away');
      await expect(service.create(admin, integration.id, body(), { ...access, newChannelId: 'lost' })).rejects.toThrow('database went away');
      expect(dfo.deleted).toEqual([{ credentials: access.credentials, channelId: 'lost' }]);
    });

    it('reconnects: upserts the stored channel in DFO, then marks it active; a DFO failure changes nothing', async () => {
      const channel = await service.create(admin, integration.id, body({ dfoChannelId: 'chat_1', realExternalPlatformId: 'watering-hole' }));
      channels.rows[0]!.status = 'disconnected';
      dfo.failCreate = new DfoError('REJECTED', 'no');
      await expect(service.reconnect(admin, channel.id, access)).rejects.toMatchObject({ code: 'CHANNEL.DFO_CREATE_FAILED' });
      expect(channels.rows[0]!.status).toBe('disconnected');
      dfo.failCreate = null;
      expect(await service.reconnect(admin, channel.id, access)).toMatchObject({ status: 'active' });
      expect(dfo.created[0]).toMatchObject({
        credentials: access.credentials,
        channel: { id: 'chat_1', idOnExternalPlatform: 'chat_1', channelIntegrationId: 'cxone-int-1', realExternalPlatformId: 'watering-hole', name: 'Savanna' },
      });
    });

    it('does not reconnect a removed channel', async () => {
      const channel = await service.create(admin, integration.id, body({ dfoChannelId: 'chat_2' }));
      await service.remove(admin, channel.id, access);
      expect(dfo.deleted).toEqual([{ credentials: access.credentials, channelId: 'chat_2' }]);
      await expect(service.reconnect(admin, channel.id, access)).rejects.toMatchObject({ code: 'CHANNEL.REMOVED', status: 409 });
      expect(dfo.created).toHaveLength(0);
    });
  });
});

class FakeWebhookAdapter extends PlatformAdapter {
  readonly name = 'webhook' as const;
  readonly descriptor: AdapterDescriptor = {
    name: 'webhook',
    title: 'Fake webhook',
    configSchema: {
      type: 'object',
      properties: { outboundUrl: { type: 'string' }, signingSecrets: { type: 'array', writeOnly: true, items: { type: 'string' } } },
      additionalProperties: false,
    },
    capabilities: { messageTypes: ['TEXT'], typing: true, receipts: true, attachments: false, agentInitiated: true, maxSendsPerSecond: null },
  };
  validateConfig(config: Record<string, unknown>): FieldProblem[] {
    return typeof config.outboundUrl === 'string' && config.outboundUrl.startsWith('https://') ? [] : [{ field: 'adapterConfig.outboundUrl', message: 'must be a URL' }];
  }
  parseInbound = unused;
  sendMessage = unused;
  startConversation = unused;
  sendTyping = unused;
  sendLifecycle = unused;
}

/** The registry insists on every adapter name; these specs only create webhook channels. */
class FakeWebchatAdapter extends FakeWebhookAdapter {
  override readonly name = 'webchat' as unknown as 'webhook';
  override readonly descriptor: AdapterDescriptor = { ...new FakeWebhookAdapter().descriptor, name: 'webchat' };
}

/** Records channel creations and deletions; every other DFO operation is none of channel-registry's business. */
class FakeDfoClient extends DfoClient {
  readonly created: Array<{ credentials: DfoCredentials; channel: DfoNewChannel }> = [];
  readonly deleted: Array<{ credentials: DfoCredentials; channelId: string }> = [];
  failCreate: Error | null = null;
  failDelete: Error | null = null;
  async createChannel(credentials: DfoCredentials, channel: DfoNewChannel): Promise<void> {
    if (this.failCreate) throw this.failCreate;
    this.created.push({ credentials, channel });
  }
  async deleteChannel(credentials: DfoCredentials, channelId: string): Promise<void> {
    if (this.failDelete) throw this.failDelete;
    this.deleted.push({ credentials, channelId });
  }
  createMessage = unused;
  findMessages = unused;
  setMessageStatus = unused;
  sendOutbound = unused;
  sendSenderAction = unused;
  updateThread = unused;
  getContact = unused;
  listContacts = unused;
  setContactStatus = unused;
  listChannels = unused;
  listCustomFieldDefinitions = unused;
  upsertCustomFieldDefinition = unused;
  uploadTemporaryAttachment = unused;
  verifyOneTimeToken = unused;
}

/** The part of ChannelRepository ChannelsService uses, in memory. */
class InMemoryChannels {
  readonly rows: ChannelEntity[] = [];
  failInsert: Error | null = null;
  async findById(_scope: unknown, id: string) {
    return this.rows.find((c) => c.id === id) ?? null;
  }
  async findLiveByDfoChannelId(dfoChannelId: string) {
    return this.rows.find((c) => c.dfoChannelId === dfoChannelId && c.status !== 'removed') ?? null;
  }
  async insert(brandId: string, channel: NewChannel) {
    if (this.failInsert) throw this.failInsert;
    const row = { ...channel, brandId, createdAt: new Date(), updatedAt: new Date() };
    this.rows.push(row);
    return row;
  }
  async update(_brandId: string, id: string, patch: Partial<ChannelEntity>) {
    const row = this.rows.find((c) => c.id === id)!;
    Object.assign(row, patch);
    return row;
  }
}

function unused(): never {
  throw new Error('not used by channel-registry');
}


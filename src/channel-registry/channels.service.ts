import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ApiPrincipal } from '../auth/current-principal.decorator';
import { AdapterRegistry } from '../platform-adapters/adapter-registry';
import { AdapterConfigSealer } from './adapter-config-sealer';
import { ChannelEntity } from './channel.entity';
import { toChannelResponse } from './channel.mapper';
import { ChannelPatch, ChannelRepository, dfoChannelIdTaken, NewChannel } from './channel.repository';
import { channelNotFound, ChannelRegistryError, integrationNotFound } from './channel-registry.errors';
import { withDefaultSettings } from '../core/domain/channel-settings';
import { DfoChannelAccess, DfoChannels } from './dfo-channels';
import { ChannelResponse } from './dto/channel.response';
import { CreateChannelDto } from './dto/create-channel.dto';
import { ListChannelsQuery } from './dto/list-channels.query';
import { UpdateChannelDto } from './dto/update-channel.dto';
import { IntegrationRepository } from './integration.repository';
import { PublicUrls } from './public-urls';
import { RegistryCache } from './registry-cache';

@Injectable()
export class ChannelsService {
  constructor(
    private readonly integrations: IntegrationRepository,
    private readonly channels: ChannelRepository,
    private readonly adapters: AdapterRegistry,
    private readonly sealer: AdapterConfigSealer,
    private readonly dfoChannels: DfoChannels,
    private readonly urls: PublicUrls,
    private readonly cache: RegistryCache,
  ) {}

  /**
   * Registers a channel. Everything is validated before DFO is called; without `dfoChannelId` the channel is
   * created in DFO first (with `access`, under its credentials and id), and deleted there again if it cannot be
   * stored here.
   */
  async create(principal: ApiPrincipal, integrationId: string, request: CreateChannelDto, access?: DfoChannelAccess): Promise<ChannelResponse> {
    const integration = await this.integrations.findById(principal.brandIds, integrationId);
    if (!integration) throw integrationNotFound(integrationId);
    const adapter = this.adapters.get(request.adapter);
    const id = randomUUID();
    const adapterConfig = this.sealer.seal(id, adapter, request.adapterConfig ?? {});
    const settings = withDefaultSettings(definedOnly(request.settings));
    const realExternalPlatformId = request.realExternalPlatformId ?? 'custom';
    const given = request.dfoChannelId;
    if (given !== undefined && (await this.channels.findLiveByDfoChannelId(given))) throw dfoChannelIdTaken(given);

    const dfoChannelId = given ?? (await this.dfoChannels.create(integration, adapter, { name: request.name, realExternalPlatformId }, access));
    const channel: NewChannel = {
      id,
      integrationId: integration.id,
      dfoChannelId,
      idOnExternalPlatform: dfoChannelId,
      realExternalPlatformId,
      name: request.name,
      adapter: adapter.name,
      adapterConfig,
      status: 'active',
      settings,
    };
    let saved: ChannelEntity;
    try {
      saved = await this.channels.insert(integration.brandId, channel);
    } catch (err) {
      // A chosen id already taken here means a twin request (a form submitted twice) registered that very DFO
      // channel a moment ago: deleting it in DFO would undo the twin's work.
      const twin = access?.newChannelId !== undefined && err instanceof ChannelRegistryError && err.code === 'CHANNEL.DFO_CHANNEL_ID_TAKEN';
      if (given === undefined && !twin) await this.dfoChannels.deleteQuietly(integration.brandId, dfoChannelId, access?.credentials);
      throw err;
    }
    this.cache.changed(saved.brandId);
    return this.toResponse(saved);
  }

  async list(principal: ApiPrincipal, query: ListChannelsQuery): Promise<ChannelResponse[]> {
    const channels = await this.channels.list(principal.brandIds, definedOnly(query));
    return channels.map((channel) => this.toResponse(channel));
  }

  async get(principal: ApiPrincipal, id: string): Promise<ChannelResponse> {
    const channel = await this.channels.findById(principal.brandIds, id);
    if (!channel) throw channelNotFound(id);
    return this.toResponse(channel);
  }

  /** Settings are merged; the adapter config is replaced and re-validated, keeping secrets that were left out. */
  async update(principal: ApiPrincipal, id: string, request: UpdateChannelDto): Promise<ChannelResponse> {
    const channel = await this.channels.findById(principal.brandIds, id);
    if (!channel) throw channelNotFound(id);
    if (channel.status === 'removed') throw new ChannelRegistryError('CHANNEL.REMOVED', `Channel ${id} was removed`);
    const patch: ChannelPatch = {};
    if (request.name !== undefined) patch.name = request.name;
    if (request.settings !== undefined) patch.settings = withDefaultSettings({ ...channel.settings, ...definedOnly(request.settings) });
    if (request.adapterConfig !== undefined) {
      patch.adapterConfig = this.sealer.seal(channel.id, this.adapters.get(channel.adapter), request.adapterConfig, channel.adapterConfig);
    }
    const updated = await this.channels.update(channel.brandId, channel.id, patch);
    this.cache.changed(channel.brandId);
    return this.toResponse(updated);
  }

  /**
   * Registers the channel in DFO again (`POST /channels` is an upsert on its id) and marks it active here, DFO
   * first so that a refusal changes nothing. A removed channel stays removed: it is added anew instead. With
   * `adapterConfig` (the Reconnect page's settings), the config is validated before DFO is called and replaced with
   * the status, secrets left out keeping their value.
   */
  async reconnect(principal: ApiPrincipal, id: string, access?: DfoChannelAccess, adapterConfig?: Record<string, unknown>): Promise<ChannelResponse> {
    const channel = await this.channels.findById(principal.brandIds, id);
    if (!channel) throw channelNotFound(id);
    if (channel.status === 'removed') throw new ChannelRegistryError('CHANNEL.REMOVED', `Channel ${id} was removed`);
    const integration = await this.integrations.findById([channel.brandId], channel.integrationId);
    if (!integration) throw integrationNotFound(channel.integrationId);
    const adapter = this.adapters.get(channel.adapter);
    const patch: ChannelPatch = { status: 'active' };
    if (adapterConfig !== undefined) patch.adapterConfig = this.sealer.seal(channel.id, adapter, adapterConfig, channel.adapterConfig);
    const { dfoChannelId, idOnExternalPlatform, name, realExternalPlatformId } = channel;
    const identity = { id: dfoChannelId, idOnExternalPlatform, name, realExternalPlatformId };
    await this.dfoChannels.upsert(integration, adapter, identity, access?.credentials);
    const reconnected = await this.channels.update(channel.brandId, channel.id, patch);
    this.cache.changed(channel.brandId);
    return this.toResponse(reconnected);
  }

  /** Deletes the channel in DFO (with `access`, under its credentials), then marks it removed here (its threads keep their history). Idempotent. */
  async remove(principal: ApiPrincipal, id: string, access?: DfoChannelAccess): Promise<void> {
    const channel = await this.channels.findById(principal.brandIds, id);
    if (!channel) throw channelNotFound(id);
    if (channel.status === 'removed') return;
    await this.dfoChannels.delete(channel.brandId, channel.dfoChannelId, access?.credentials);
    await this.channels.update(channel.brandId, channel.id, { status: 'removed' });
    this.cache.changed(channel.brandId);
  }

  private toResponse(channel: ChannelEntity): ChannelResponse {
    const redacted = this.sealer.redact(this.adapters.get(channel.adapter), channel.adapterConfig);
    return toChannelResponse({ ...channel, settings: withDefaultSettings(channel.settings) }, redacted, this.urls);
  }
}

/** DTO instances carry declared-but-absent fields as `undefined`; a merge must not let those erase values. */
function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}


import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DfoClient } from '../dfo-client/dfo-client';
import { DfoCredentials } from '../dfo-client/dfo-credentials';
import { DfoError } from '../dfo-client/dfo.errors';
import { PlatformAdapter } from '../platform-adapters/platform-adapter';
import { ChannelDirectory } from './channel-directory.service';
import { ChannelRegistryError } from './channel-registry.errors';
import { IntegrationEntity } from './integration.entity';

/** Adapters whose channels are live chat in CXone (a session the end user keeps open), not asynchronous messaging. */
const LIVE_CHAT_ADAPTERS: ReadonlySet<string> = new Set(['webchat']);

export interface NewDfoChannel {
  name: string;
  realExternalPlatformId: string;
}

/** A channel as DFO keys it: `POST /channels` is an upsert on `id`. */
export interface DfoChannelIdentity extends NewDfoChannel {
  id: string;
  idOnExternalPlatform: string;
}

/**
 * How to reach DFO for one call when the brand's own credentials are not the ones to use: the action pages act
 * with the access token CXone issued for the admin (a.5), which scopes what they can do to what that admin may do.
 */
export interface DfoChannelAccess {
  credentials: DfoCredentials;
  /** The id under which to create a new channel, instead of a fresh uuid (a retried form then upserts, not duplicates). */
  newChannelId?: string;
}

/** Creates and deletes channels (points of contact) in the brand's DFO (docs/dfo-contract.md b.1, d.1). */
@Injectable()
export class DfoChannels {
  private readonly logger = new Logger(DfoChannels.name);

  constructor(
    private readonly dfo: DfoClient,
    private readonly directory: ChannelDirectory,
  ) {}

  /** Creates the channel with a new uuid (or `access.newChannelId`) as both `id` and `idOnExternalPlatform`, and returns that id. */
  async create(integration: IntegrationEntity, adapter: PlatformAdapter, channel: NewDfoChannel, access?: DfoChannelAccess): Promise<string> {
    const id = access?.newChannelId ?? randomUUID();
    await this.upsert(integration, adapter, { ...channel, id, idOnExternalPlatform: id }, access?.credentials);
    return id;
  }

  /** `POST /channels` for a channel of this integration; with an existing `id`, DFO updates (reconnects) it. */
  async upsert(integration: IntegrationEntity, adapter: PlatformAdapter, channel: DfoChannelIdentity, credentials?: DfoCredentials): Promise<void> {
    if (!integration.channelIntegrationId) {
      throw new ChannelRegistryError(
        'INTEGRATION.CHANNEL_INTEGRATION_ID_MISSING',
        'channelIntegrationId: set the Integration ID CXone issued (PATCH /api/v1/integrations/{id}) before creating channels in DFO',
        { field: 'channelIntegrationId' },
      );
    }
    const dfoCredentials = credentials ?? (await this.directory.credentialsForBrand(integration.brandId));
    try {
      await this.dfo.createChannel(dfoCredentials, {
        id: channel.id,
        idOnExternalPlatform: channel.idOnExternalPlatform,
        channelIntegrationId: integration.channelIntegrationId,
        realExternalPlatformId: channel.realExternalPlatformId,
        name: channel.name,
        isPrivate: true,
        hasTreeStructure: false,
        hasReply: true,
        hasOutboundFlow: adapter.capabilities.agentInitiated,
        hasAbilityToSendFiles: adapter.capabilities.attachments,
        isLiveChat: LIVE_CHAT_ADAPTERS.has(adapter.name),
      });
    } catch (err) {
      throw err instanceof DfoError ? dfoFailure('CHANNEL.DFO_CREATE_FAILED', 'create', err) : err;
    }
  }

  /** Deletes the channel in DFO; one DFO no longer knows is already gone. */
  async delete(brandId: string, dfoChannelId: string, credentials?: DfoCredentials): Promise<void> {
    const dfoCredentials = credentials ?? (await this.directory.credentialsForBrand(brandId));
    try {
      await this.dfo.deleteChannel(dfoCredentials, dfoChannelId);
    } catch (err) {
      if (err instanceof DfoError && err.kind === 'NOT_FOUND') return;
      throw err instanceof DfoError ? dfoFailure('CHANNEL.DFO_DELETE_FAILED', 'delete', err) : err;
    }
  }

  /** Undoes a `create` whose row could not be stored, so DFO is not left with a channel we do not know. */
  async deleteQuietly(brandId: string, dfoChannelId: string, credentials?: DfoCredentials): Promise<void> {
    try {
      await this.delete(brandId, dfoChannelId, credentials);
    } catch (err) {
      this.logger.error({ err, brandId, dfoChannelId }, 'Could not delete a DFO channel whose registration failed; delete it in CXone');
    }
  }
}

function dfoFailure(code: 'CHANNEL.DFO_CREATE_FAILED' | 'CHANNEL.DFO_DELETE_FAILED', verb: string, err: DfoError): ChannelRegistryError {
  const reasons = (err.extra.dfoErrors ?? []).map((e) => (e.field ? `${e.field}: ${e.message}` : e.message));
  const detail = reasons.length > 0 ? `: ${reasons.join('; ')}` : `: ${err.message}`;
  return new ChannelRegistryError(code, `DFO could not ${verb} the channel (${err.kind})${detail}`, { dfoErrorKind: err.kind });
}

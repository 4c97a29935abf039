import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Not, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { BrandScope, isId, scopedWhere } from './brand-scope';
import { ChannelEntity, ChannelStatus } from './channel.entity';
import { violatesConstraint } from '../core/database/query-errors';
import { brandNotFound, ChannelRegistryError, integrationNotFound } from './channel-registry.errors';

export type NewChannel = Omit<ChannelEntity, 'createdAt' | 'updatedAt'>;
export type ChannelPatch = Partial<Pick<ChannelEntity, 'name' | 'settings' | 'adapterConfig' | 'status'>>;
export interface ChannelFilter {
  brandId?: string;
  integrationId?: string;
  status?: ChannelStatus;
}

const DFO_CHANNEL_ID_UNIQUE = 'channels_dfo_channel_id_key';
const INTEGRATION_FOREIGN_KEY = 'channels_integration_id_fkey';
const BRAND_FOREIGN_KEY = 'channels_brand_id_fkey';

@Injectable()
export class ChannelRepository {
  constructor(@InjectRepository(ChannelEntity) private readonly channels: Repository<ChannelEntity>) {}

  async findById(scope: BrandScope, id: string): Promise<ChannelEntity | null> {
    const where = scopedWhere<ChannelEntity>(scope, { id });
    return where && isId(id) ? this.channels.findOneBy(where) : null;
  }

  async list(scope: BrandScope, filter: ChannelFilter): Promise<ChannelEntity[]> {
    if ([filter.brandId, filter.integrationId].some((id) => id !== undefined && !isId(id))) return [];
    // A brand filter narrows the scope; a brand outside it leaves nothing to see.
    const brands = filter.brandId === undefined ? scope : scope === null || scope.includes(filter.brandId) ? [filter.brandId] : [];
    const where = scopedWhere<ChannelEntity>(brands, {
      ...(filter.integrationId !== undefined ? { integrationId: filter.integrationId } : {}),
      ...(filter.status !== undefined ? { status: filter.status } : {}),
    });
    return where ? this.channels.find({ where, order: { createdAt: 'ASC', id: 'ASC' } }) : [];
  }

  /**
   * Unscoped on purpose: public inbound endpoints (webhooks, web chat) know only the DFO channel id in their path;
   * the channel found then scopes everything by its own brand. A removed channel is not found.
   */
  findLiveByDfoChannelId(dfoChannelId: string): Promise<ChannelEntity | null> {
    return this.channels.findOneBy({ dfoChannelId, status: Not('removed' as const) });
  }

  /** The integration (from a verified Integration Box token) identifies the brand; a removed channel is not found. */
  async findLiveForIntegration(integrationId: string, dfoChannelId: string): Promise<ChannelEntity | null> {
    if (!isId(integrationId)) return null;
    return this.channels.findOneBy({ integrationId, dfoChannelId, status: Not('removed' as const) });
  }

  /** Fails with `CHANNEL.DFO_CHANNEL_ID_TAKEN` when a live channel already has this DFO channel id. */
  async insert(channel: NewChannel): Promise<ChannelEntity> {
    try {
      // jsonb columns typed as Record<string, unknown> do not fit TypeORM's deep-partial type; the values are whole.
      await this.channels.insert(channel as QueryDeepPartialEntity<ChannelEntity>);
    } catch (err) {
      if (violatesConstraint(err, DFO_CHANNEL_ID_UNIQUE)) throw dfoChannelIdTaken(channel.dfoChannelId);
      // The integration or brand was deleted while the channel was being created.
      if (violatesConstraint(err, INTEGRATION_FOREIGN_KEY)) throw integrationNotFound(channel.integrationId);
      if (violatesConstraint(err, BRAND_FOREIGN_KEY)) throw brandNotFound(channel.brandId);
      throw err;
    }
    return this.channels.findOneByOrFail({ brandId: channel.brandId, id: channel.id });
  }

  /** Channels not removed (active or disconnected) of the brand, or of one of its integrations; in `manager`'s transaction. */
  async countLive(brandId: string, filter: { integrationId?: string }, manager: EntityManager): Promise<number> {
    const where = { brandId, status: Not('removed' as const), ...(filter.integrationId !== undefined ? { integrationId: filter.integrationId } : {}) };
    return manager.countBy(ChannelEntity, where);
  }

  async update(brandId: string, id: string, patch: ChannelPatch): Promise<ChannelEntity> {
    if (Object.keys(patch).length > 0) await this.channels.update({ brandId, id }, patch as QueryDeepPartialEntity<ChannelEntity>);
    return this.channels.findOneByOrFail({ brandId, id });
  }
}

export function dfoChannelIdTaken(dfoChannelId: string): ChannelRegistryError {
  return new ChannelRegistryError('CHANNEL.DFO_CHANNEL_ID_TAKEN', `dfoChannelId: ${dfoChannelId} is already registered`, { field: 'dfoChannelId' });
}

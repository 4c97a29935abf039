import { Injectable } from '@nestjs/common';
import { EmulatorClock } from '../clock';
import type { DfoNewChannel } from '../wire.types';
import { DfoApiError } from '../http/dfo-api.error';
import { EmulatorStore } from '../store/emulator.store';
import { EmuChannel } from '../store/emulator.types';
import { newChannel } from '../validation/dfo.schemas';
import { parseQuery } from '../validation/query';
import { validate } from '../validation/schema';
import { toDfoChannel } from './dfo.mappers';
import { DfoLookups } from './lookups';

const REQUIRED = ['id', 'idOnExternalPlatform', 'channelIntegrationId', 'realExternalPlatformId', 'name', 'isPrivate', 'hasTreeStructure'] as const;

/** b.1 channels (points of contact), scoped to the caller's brand. */
@Injectable()
export class ChannelsService {
  constructor(
    private readonly store: EmulatorStore,
    private readonly lookups: DfoLookups,
    private readonly clock: EmulatorClock,
  ) {}

  list(brandId: number, query: unknown): Record<string, unknown>[] {
    const q = parseQuery(query, {
      id: { kind: 'list' },
      isPrivate: { kind: 'bool' },
      hasManualOutboundFlow: { kind: 'bool' },
      withPermissionToManualOutbound: { kind: 'bool' },
      size: { kind: 'int', min: 1, max: 1000 },
      page: { kind: 'int', min: 1, max: 100000 },
      orderBy: { kind: 'enum', values: ['id', 'title', 'createdAt'] },
      order: { kind: 'enum', values: ['asc', 'desc'] },
    });
    const orderBy = (q.orderBy ?? 'id') as 'id' | 'title' | 'createdAt';
    const field = ({ id: 'id', title: 'name', createdAt: 'createdAt' } as const)[orderBy];
    const direction = q.order === 'desc' ? -1 : 1;
    const size = q.size ?? 100;
    return this.store
      .channels()
      .filter((c) => c.brandId === brandId && !c.isDeleted)
      .filter((c) => !q.id || q.id.includes(c.id))
      .filter((c) => q.isPrivate === undefined || c.isPrivate === q.isPrivate)
      .filter((c) => q.hasManualOutboundFlow === undefined || Boolean(c.flags.hasManualOutboundFlow) === q.hasManualOutboundFlow)
      .sort((a, b) => direction * a[field].localeCompare(b[field]))
      .slice(((q.page ?? 1) - 1) * size, (q.page ?? 1) * size)
      .map(toDfoChannel);
  }

  /**
   * Create or update, keyed by `id` [INF]. The `channelIntegrationId` must be a BYOC integration registered in the
   * emulator (what CXone issues after the admin saves the BYOC form), since that is where replies will go.
   */
  upsert(brandId: number, body: unknown): void {
    const problems = validate(newChannel, body);
    if (problems.length) throw DfoApiError.validation(problems);
    const input = body as DfoNewChannel;
    const integration = this.store.integration(input.channelIntegrationId);
    if (!integration || (integration.brandId !== null && integration.brandId !== brandId)) {
      throw DfoApiError.badRequest('channelIntegrationId', `Channel integration "${input.channelIntegrationId}" does not exist.`, 'UNKNOWN_INTEGRATION');
    }
    const existing = this.store.channel(input.id);
    if (existing && existing.brandId !== brandId) throw DfoApiError.badRequest('id', `Channel id "${input.id}" is already used.`, 'DUPLICATE_ID');
    const now = this.clock.now().toISOString();
    const flags = Object.fromEntries(Object.entries(input).filter(([k]) => !(REQUIRED as readonly string[]).includes(k)));
    const channel: EmuChannel = {
      id: input.id,
      brandId,
      idOnExternalPlatform: input.idOnExternalPlatform,
      channelIntegrationId: input.channelIntegrationId,
      realExternalPlatformId: input.realExternalPlatformId,
      name: input.name,
      isPrivate: input.isPrivate,
      hasTreeStructure: input.hasTreeStructure,
      flags: existing && !existing.isDeleted ? { ...existing.flags, ...flags } : flags,
      isDeleted: false,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    this.store.putChannel(channel);
  }

  /** Marks the channel deleted; its threads and cases stay readable through the test API. */
  remove(brandId: number, channelId: string): void {
    const channel = this.lookups.channel(brandId, channelId);
    channel.isDeleted = true;
    channel.updatedAt = this.clock.now().toISOString();
    this.store.putChannel(channel);
  }

  templates(brandId: number, channelId: string): { totalRecords: number; data: unknown[]; _links: Record<string, unknown> } {
    this.lookups.channel(brandId, channelId);
    return { totalRecords: 0, data: [], _links: {} };
  }
}

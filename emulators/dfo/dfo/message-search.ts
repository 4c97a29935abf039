import { Controller, Get, Injectable, Query, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DfoAuthGuard, DfoBrandId } from '../auth/dfo-auth.guard';
import { DfoErrorFilter } from '../http/dfo-error.filter';
import { EmulatorStore } from '../store/emulator.store';
import { EmuMessage } from '../store/emulator.types';
import { parseQuery } from '../validation/query';
import { toDfoMessage } from './dfo.mappers';

/** DFO answers message searches in pages; the emulator's page is this big and it has no scroll token. */
const MAX_HITS = 100;

/**
 * b.8 `GET /messages`: the caller's brand's messages matching every filter given. A middleware uses
 * `idOnExternalPlatform[]` (with `channel[]`) to learn whether a message whose create call had no answer (a timeout, a
 * crash) reached DFO, before it posts it again. Filters the emulator has no data for (tags) match nothing.
 */
@Injectable()
export class MessageSearch {
  constructor(private readonly store: EmulatorStore) {}

  search(brandId: number, query: unknown): { hits: number; data: Record<string, unknown>[] } {
    const q = parseQuery(query, {
      query: { kind: 'string' },
      idOnExternalPlatform: { kind: 'list' },
      channel: { kind: 'list' },
      tag: { kind: 'list' },
      excludeTag: { kind: 'list' },
      contactNumber: { kind: 'string' },
      authorIdOnExternalPlatform: { kind: 'list' },
      direction: { kind: 'enum', values: ['inbound', 'outbound'] },
      contentContains: { kind: 'string' },
      contentNotContains: { kind: 'string' },
    });
    const text = (m: EmuMessage) => JSON.stringify(m.messageContent.payload ?? {}).toLowerCase();
    const matched = this.candidates(q.idOnExternalPlatform, q.channel, q.direction)
      .filter((m) => m.brandId === brandId)
      .filter((m) => !q.idOnExternalPlatform || (m.idOnExternalPlatform !== null && q.idOnExternalPlatform.includes(m.idOnExternalPlatform)))
      .filter((m) => !q.channel || q.channel.includes(m.channelId))
      .filter((m) => !q.direction || m.direction === q.direction)
      .filter((m) => !q.contactNumber || m.caseId === q.contactNumber)
      .filter((m) => !q.authorIdOnExternalPlatform || (m.authorEndUserIdentity !== null && q.authorIdOnExternalPlatform.includes(m.authorEndUserIdentity.idOnExternalPlatform)))
      .filter(() => !q.tag?.length)
      .filter((m) => !q.contentContains || text(m).includes(q.contentContains.toLowerCase()))
      .filter((m) => !q.contentNotContains || !text(m).includes(q.contentNotContains.toLowerCase()))
      .filter((m) => !q.query || text(m).includes(q.query.toLowerCase()))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const data = matched.slice(0, MAX_HITS).map((m) => toDfoMessage(m, this.store.case(m.caseId)?.threadIdOnExternalPlatform ?? ''));
    return { hits: matched.length, data };
  }

  /** By the indexed external id when the search names ids and channels; otherwise every message. */
  private candidates(ids: string[] | undefined, channels: string[] | undefined, direction: string | undefined): EmuMessage[] {
    if (!ids || !channels) return this.store.messages();
    const directions = direction ? [direction as EmuMessage['direction']] : (['inbound', 'outbound'] as const);
    return channels.flatMap((c) => ids.flatMap((id) => directions.map((d) => this.store.messageOnChannel(c, d, id)))).filter((m): m is EmuMessage => m !== undefined);
  }
}

@ApiExcludeController()
@Controller('dfo/3.0/messages')
@UseGuards(DfoAuthGuard)
@UseFilters(DfoErrorFilter)
export class MessageSearchController {
  constructor(private readonly messages: MessageSearch) {}

  @Get()
  search(@DfoBrandId() brandId: number, @Query() query: unknown) {
    return this.messages.search(brandId, query);
  }
}

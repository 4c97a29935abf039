import { Injectable } from '@nestjs/common';
import type { DfoContactStatusUpdate } from '../wire.types';
import { DfoApiError } from '../http/dfo-api.error';
import { EmulatorStore } from '../store/emulator.store';
import { EmuCase } from '../store/emulator.types';
import { CASE_STATUSES } from '../validation/dfo.enums';
import { contactStatus } from '../validation/dfo.schemas';
import { parseQuery } from '../validation/query';
import { validate } from '../validation/schema';
import { Conversations } from './conversations';
import { toDfoContact, toDfoMessage } from './dfo.mappers';
import { DfoLookups } from './lookups';

/** DFO pages contact lists by 25 (NICE tooling) and continues with a scroll token. */
const PAGE_SIZE = 25;

const SORT_KEYS: Record<string, (c: EmuCase) => string> = {
  createdAt: (c) => c.createdAt,
  id: (c) => c.id.padStart(20, '0'),
  slaFrt: (c) => c.createdAt,
  slaRt: (c) => c.createdAt,
  status: (c) => c.status,
  updatedAt: (c) => c.updatedAt,
};

/** b.6 contacts (cases): read one, list with filters, set status, read its messages. */
@Injectable()
export class ContactsService {
  constructor(
    private readonly store: EmulatorStore,
    private readonly lookups: DfoLookups,
    private readonly conversations: Conversations,
  ) {}

  get(brandId: number, contactNumber: string): Record<string, unknown> {
    return toDfoContact(this.store, this.lookups.case(brandId, contactNumber));
  }

  list(brandId: number, query: unknown): { hits: number; data: Record<string, unknown>[]; scrollToken?: string } {
    const q = parseQuery(query, {
      channel: { kind: 'list' },
      tag: { kind: 'list' },
      routingQueueId: { kind: 'list' },
      status: { kind: 'list', values: CASE_STATUSES },
      endUserIdOnExternalPlatform: { kind: 'list' },
      query: { kind: 'string' },
      calculateClosedFrtNoReply: { kind: 'bool' },
      scrollToken: { kind: 'string' },
      sorting: { kind: 'enum', values: Object.keys(SORT_KEYS) },
      sortingType: { kind: 'enum', values: ['asc', 'desc'] },
      'date[from]': { kind: 'date' },
      'date[to]': { kind: 'date' },
    });
    const offset = q.scrollToken === undefined ? 0 : decodeScrollToken(q.scrollToken);
    const key = SORT_KEYS[q.sorting ?? 'createdAt']!;
    const direction = q.sortingType === 'asc' ? 1 : -1;
    const needle = q.query?.toLowerCase();
    const matched = this.store
      .cases()
      .filter((c) => c.brandId === brandId)
      .filter((c) => !q.channel || q.channel.includes(c.channelId))
      .filter((c) => !q.status || q.status.includes(c.status))
      .filter((c) => !q.endUserIdOnExternalPlatform || (c.endUser !== null && q.endUserIdOnExternalPlatform.includes(c.endUser.idOnExternalPlatform)))
      // The emulator has no tags and no routing queues: asking for some matches nothing.
      .filter(() => !q.tag?.length && !q.routingQueueId?.length)
      .filter((c) => !q['date[from]'] || c.createdAt.slice(0, 10) >= q['date[from]'])
      .filter((c) => !q['date[to]'] || c.createdAt.slice(0, 10) <= q['date[to]'])
      .filter((c) => !needle || `${c.threadIdOnExternalPlatform} ${c.endUser?.name ?? ''} ${c.id}`.toLowerCase().includes(needle))
      .sort((a, b) => direction * key(a).localeCompare(key(b)));
    const page = matched.slice(offset, offset + PAGE_SIZE);
    const next = offset + PAGE_SIZE < matched.length ? encodeScrollToken(offset + PAGE_SIZE) : undefined;
    return { hits: matched.length, data: page.map((c) => toDfoContact(this.store, c)), ...(next ? { scrollToken: next } : {}) };
  }

  setStatus(brandId: number, contactNumber: string, body: unknown): void {
    const c = this.lookups.case(brandId, contactNumber);
    const problems = validate(contactStatus, body);
    if (problems.length) throw DfoApiError.validation(problems);
    this.conversations.setStatus(c, (body as DfoContactStatusUpdate).status, 'api');
  }

  messages(brandId: number, contactNumber: string): { hits: number; data: Record<string, unknown>[] } {
    const c = this.lookups.case(brandId, contactNumber);
    const data = this.store.messagesOfCase(c.id).map((m) => toDfoMessage(m, c.threadIdOnExternalPlatform));
    return { hits: data.length, data };
  }
}

function encodeScrollToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function decodeScrollToken(token: string): number {
  try {
    const { o } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o: unknown };
    if (typeof o === 'number' && Number.isInteger(o) && o >= 0) return o;
  } catch {
    // Falls through to the 400 below.
  }
  throw DfoApiError.badRequest('scrollToken', 'This value is not a valid scroll token.', 'INVALID_SCROLL_TOKEN');
}

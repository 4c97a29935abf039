import { Injectable } from '@nestjs/common';
import { ApiPrincipal } from '../../auth/current-principal.decorator';
import { Clock } from '../../core/clock/clock';
import { LifecycleTransitions } from '../lifecycle/lifecycle-transitions.service';
import { ThreadsError } from '../threads.errors';
import { isId } from '../../core/database/brand-scope';
import { decodeCursor, encodeCursor } from './cursor';
import { ThreadEventPageResponse } from './dto/event.response';
import { ListThreadsQuery } from './dto/list-threads.query';
import { MessagePageResponse } from './dto/message.response';
import { DEFAULT_PAGE_SIZE, PageQuery } from './dto/page.query';
import { ThreadDetailResponse, ThreadPageResponse } from './dto/thread.response';
import { toEndUser, toEvent, toMessage, toRecipient, toThreadSummary, toTimers } from './support.mappers';
import { ThreadRow, ThreadsQueryRepository } from './threads-query.repository';
import { ThreadTimelineRepository } from './thread-timeline.repository';

/**
 * What support engineers read about threads, and the admin's close. Every read is limited to the caller's brands;
 * a thread of another brand is `THREAD.NOT_FOUND`, exactly like one that does not exist.
 */
@Injectable()
export class ThreadsSupportService {
  constructor(
    private readonly clock: Clock,
    private readonly threads: ThreadsQueryRepository,
    private readonly timeline: ThreadTimelineRepository,
    private readonly transitions: LifecycleTransitions,
  ) {}

  async list(principal: ApiPrincipal, query: ListThreadsQuery): Promise<ThreadPageResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor ? decodeCursor(query.cursor, { u: 'timestamp', i: 'uuid' }) : undefined;
    const rows = await this.threads.list(principal.brandIds, {
      ...query,
      updatedSince: query.updatedSince ? new Date(query.updatedSince) : undefined,
      after: after && { updatedAt: after.u, id: after.i },
      limit,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { data: page.map(toThreadSummary), nextCursor: rows.length > limit && last ? encodeCursor({ u: last.updated_key, i: last.id }) : null };
  }

  async get(principal: ApiPrincipal, threadId: string): Promise<ThreadDetailResponse> {
    const thread = await this.load(principal, threadId);
    const [endUser, recipients, channel] = await Promise.all([
      thread.end_user_id ? this.timeline.endUser(thread.brand_id, thread.end_user_id) : null,
      this.timeline.recipients(thread.brand_id, thread.id),
      this.timeline.channelName(thread.brand_id, thread.channel_id),
    ]);
    return {
      ...toThreadSummary(thread),
      channel: { id: thread.channel_id, name: channel?.name ?? null, adapter: channel?.adapter ?? null },
      endUser: endUser && toEndUser(endUser),
      recipients: recipients.map(toRecipient),
      timers: toTimers(thread, this.clock.now()),
      case: { contactId: thread.dfo_contact_id, status: thread.dfo_case_status, checkedAt: thread.dfo_case_checked_at },
    };
  }

  async messages(principal: ApiPrincipal, threadId: string, query: PageQuery): Promise<MessagePageResponse> {
    const thread = await this.load(principal, threadId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor ? decodeCursor(query.cursor, { c: 'timestamp', i: 'uuid' }) : undefined;
    const rows = await this.timeline.messages(thread.brand_id, thread.id, after && { createdAt: after.c, id: after.i }, limit);
    const page = rows.slice(0, limit);
    const deliveries = await this.timeline.deliveriesOf(thread.brand_id, page.map((m) => m.id));
    const last = page[page.length - 1];
    return {
      data: page.map((m) => toMessage(m, deliveries.filter((d) => d.message_id === m.id))),
      nextCursor: rows.length > limit && last ? encodeCursor({ c: last.created_key, i: last.id }) : null,
    };
  }

  async events(principal: ApiPrincipal, threadId: string, query: PageQuery): Promise<ThreadEventPageResponse> {
    const thread = await this.load(principal, threadId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor ? decodeCursor(query.cursor, { i: 'bigint' }) : undefined;
    const rows = await this.timeline.events(thread.brand_id, thread.id, after?.i, limit);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { data: page.map(toEvent), nextCursor: rows.length > limit && last ? encodeCursor({ i: last.id }) : null };
  }

  /** Admin close: reason `admin`, the platform told, the DFO case closed; 409 when it is already closed. */
  async close(principal: ApiPrincipal, threadId: string): Promise<ThreadDetailResponse> {
    const thread = await this.load(principal, threadId);
    await this.transitions.closeByAdmin(thread.brand_id, thread.id, principal.keyId);
    return this.get(principal, threadId);
  }

  private async load(principal: ApiPrincipal, threadId: string): Promise<ThreadRow> {
    const thread = isId(threadId) ? await this.threads.findVisible(principal.brandIds, threadId) : null;
    if (!thread) throw new ThreadsError('THREAD.NOT_FOUND', `Thread ${threadId} was not found`);
    return thread;
  }
}

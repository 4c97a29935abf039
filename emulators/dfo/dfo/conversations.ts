import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EmulatorClock } from '../clock';
import type { DfoCaseStatus, DfoRecipient } from '../wire.types';
import { EmulatorStore } from '../store/emulator.store';
import { EmuCase, EmuChannel, EmuStatusChange, EmuThread } from '../store/emulator.types';

/** Cases in these statuses are over: a new message on their thread opens a new case (a new contact number). */
export const ENDED_STATUSES: readonly DfoCaseStatus[] = ['closed', 'trashed'];

/** Threads and cases, shared by the inbound path (b.2), API-initiated outbound (b.4) and the agent side. */
@Injectable()
export class Conversations {
  constructor(
    private readonly store: EmulatorStore,
    private readonly clock: EmulatorClock,
  ) {}

  thread(channel: EmuChannel, idOnExternalPlatform: string, threadName: string | undefined): EmuThread {
    const now = this.clock.now().toISOString();
    const existing = this.store.threadOnChannel(channel.id, idOnExternalPlatform);
    if (existing) {
      if (threadName !== undefined && threadName !== existing.threadName) {
        existing.threadName = threadName;
        existing.updatedAt = now;
        this.store.putThread(existing);
      }
      return existing;
    }
    const thread: EmuThread = {
      id: randomUUID(),
      brandId: channel.brandId,
      channelId: channel.id,
      idOnExternalPlatform,
      threadName: threadName ?? '',
      canAddMoreMessages: true,
      customerTyping: null,
      currentCaseId: null,
      createdAt: now,
      updatedAt: now,
    };
    this.store.putThread(thread);
    return thread;
  }

  /** The thread's case if it is still going (any status but closed/trashed). */
  liveCase(thread: EmuThread): EmuCase | undefined {
    const c = thread.currentCaseId ? this.store.case(thread.currentCaseId) : undefined;
    return c && !ENDED_STATUSES.includes(c.status) ? c : undefined;
  }

  openCase(
    thread: EmuThread,
    init: { direction: EmuCase['direction']; customerId: string | null; endUser: DfoRecipient | null; recipients: DfoRecipient[]; status: DfoCaseStatus; by: EmuStatusChange['by'] },
  ): EmuCase {
    const now = this.clock.now();
    const at = now.toISOString();
    const c: EmuCase = {
      id: this.store.nextCaseNumber(now),
      contactId: randomUUID(),
      interactionId: randomUUID(),
      brandId: thread.brandId,
      channelId: thread.channelId,
      threadId: thread.id,
      threadIdOnExternalPlatform: thread.idOnExternalPlatform,
      customerId: init.customerId,
      direction: init.direction,
      status: init.status,
      statusUpdatedAt: at,
      statusHistory: [{ status: init.status, at, by: init.by }],
      customFields: [],
      recipients: init.recipients,
      endUser: init.endUser,
      createdAt: at,
      updatedAt: at,
    };
    this.store.putCase(c);
    thread.currentCaseId = c.id;
    thread.updatedAt = at;
    this.store.putThread(thread);
    return c;
  }

  setStatus(c: EmuCase, status: DfoCaseStatus, by: EmuStatusChange['by']): void {
    const at = this.clock.now().toISOString();
    c.updatedAt = at;
    if (c.status !== status) {
      c.status = status;
      c.statusUpdatedAt = at;
      c.statusHistory.push({ status, at, by });
    }
    this.store.putCase(c);
  }
}

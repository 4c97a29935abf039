import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { ChannelEntity } from '../channel-registry/channel.entity';
import { ThreadEntity } from './thread.entity';
import { ThreadRepository } from './thread.repository';

export interface ResolvedThread {
  thread: ThreadEntity;
  /** The agent ended this conversation and the channel blocks further messages (`afterAgentClose: block`). */
  blocked: boolean;
  created: boolean;
}

/** Attempts at a fresh DFO reference before giving up (each loses only to a concurrent insert). */
const OPEN_ATTEMPTS = 4;

/**
 * Which conversation an end user's message on a platform thread belongs to: the live one (locked for the caller's
 * transaction); else, after the agent ended the last one under `afterAgentClose: block`, that closed one (the message
 * is blocked); else a new one. A new conversation on a platform thread that had one before gets a fresh DFO
 * reference (`<platform thread id>~<n>`), so that DFO opens a new case instead of appending to the ended one.
 */
@Injectable()
export class InboundThreadResolver {
  constructor(private readonly threads: ThreadRepository) {}

  async resolve(manager: EntityManager, channel: ChannelEntity, platformThreadId: string, endUserId: string): Promise<ResolvedThread> {
    const live = await this.lockLive(manager, channel, platformThreadId);
    if (live) return { thread: await this.withEndUser(manager, live, endUserId), blocked: false, created: false };
    const latest = await this.threads.findLatest(channel.brandId, channel.id, platformThreadId, manager);
    if (latest?.closedReason === 'agent' && channel.settings.afterAgentClose === 'block') return { thread: latest, blocked: true, created: false };
    return this.open(manager, channel, platformThreadId, endUserId, latest !== null);
  }

  private async open(manager: EntityManager, channel: ChannelEntity, platformThreadId: string, endUserId: string, hadOne: boolean): Promise<ResolvedThread> {
    for (let attempt = 0; attempt < OPEN_ATTEMPTS; attempt++) {
      const dfoThreadRef = await this.dfoRef(manager, channel, platformThreadId, hadOne ? attempt + 1 : attempt);
      const thread = await this.threads.insertIfAbsent(channel.brandId, { channelId: channel.id, idOnExternalPlatform: platformThreadId, dfoThreadRef, endUserId }, manager);
      if (thread) return { thread, blocked: false, created: true };
      // Lost a race: either a concurrent message opened the conversation (use it) or the reference was taken.
      const live = await this.lockLive(manager, channel, platformThreadId);
      if (live) return { thread: live, blocked: false, created: false };
    }
    throw new Error(`Could not open a thread on platform thread ${platformThreadId} of channel ${channel.id}`);
  }

  /** Attempt 0: the platform's id itself; then `~<n>` after the conversations so far; then a random suffix. */
  private async dfoRef(manager: EntityManager, channel: ChannelEntity, platformThreadId: string, attempt: number): Promise<string> {
    if (attempt === 0) return platformThreadId;
    if (attempt === 1) return `${platformThreadId}~${(await this.threads.countForPlatformThread(channel.brandId, channel.id, platformThreadId, manager)) + 1}`;
    return `${platformThreadId}~${randomBytes(4).toString('hex')}`;
  }

  private async lockLive(manager: EntityManager, channel: ChannelEntity, platformThreadId: string): Promise<ThreadEntity | null> {
    const live = await this.threads.findLive(channel.brandId, channel.id, platformThreadId, manager);
    if (!live) return null;
    const locked = await this.threads.lockById(channel.brandId, live.id, manager);
    // Closed between the two reads (a sweep or the agent sync won): treat as not live.
    return locked && locked.status !== 'closed' ? locked : null;
  }

  private async withEndUser(manager: EntityManager, thread: ThreadEntity, endUserId: string): Promise<ThreadEntity> {
    if (thread.endUserId) return thread;
    await this.threads.setEndUser(thread.brandId, thread.id, endUserId, manager);
    return Object.assign(thread, { endUserId });
  }
}

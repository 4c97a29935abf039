import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChannelEntity } from '../../channel-registry/channel.entity';
import { AdapterRegistry } from '../../platform-adapters/adapter-registry';
import { EndUserEntity } from '../../threads/end-user.entity';
import { EndUserRepository } from '../../threads/end-user.repository';
import { ThreadEntity } from '../../threads/thread.entity';
import { ThreadRepository } from '../../threads/thread.repository';
import { RecipientInput, ThreadRecipientRepository } from '../../threads/thread-recipient.repository';
import { MessagesError, unknownThread } from '../messages.errors';
import { AgentMessageInput } from './agent-message.input';

/**
 * Agent-initiated outbound: DFO names a thread we do not know, plus the end user to reach (`endUserRecipients`).
 * The end user and the conversation are recorded (platform thread id = DFO's thread id, so the end user's answer
 * lands in the same DFO thread); the first message then starts the conversation on the platform.
 */
@Injectable()
export class AgentConversationStarter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly adapters: AdapterRegistry,
    private readonly endUsers: EndUserRepository,
    private readonly threads: ThreadRepository,
    private readonly recipients: ThreadRecipientRepository,
  ) {}

  async open(channel: ChannelEntity, input: AgentMessageInput): Promise<{ thread: ThreadEntity; endUser: EndUserEntity }> {
    const primary = input.recipients.find((r) => r.isPrimary) ?? input.recipients[0];
    if (!primary) throw unknownThread(input.threadRef);
    if (!this.adapters.get(channel.adapter).capabilities.agentInitiated) {
      throw new MessagesError('OUTBOUND.NOT_SUPPORTED', `Channel ${channel.dfoChannelId} (${channel.adapter}) cannot start conversations`, { field: 'endUserRecipients' });
    }
    return this.dataSource.transaction(async (manager) => {
      const endUser = await this.endUsers.upsert(channel.brandId, channel.id, profileOf(primary), manager);
      const fresh = { channelId: channel.id, idOnExternalPlatform: input.threadRef, dfoThreadRef: input.threadRef, endUserId: endUser.id };
      // A concurrent retry of the same call may have recorded it first.
      const thread =
        (await this.threads.insertIfAbsent(channel.brandId, fresh, manager)) ?? (await this.threads.findByDfoRef(channel.brandId, channel.id, input.threadRef, manager));
      if (!thread) throw new MessagesError('THREAD.PLATFORM_ID_TAKEN', `A live conversation already uses platform thread id "${input.threadRef}"`, { field: 'thread.idOnExternalPlatform' });
      await this.recipients.upsertMany(channel.brandId, thread.id, input.recipients, manager);
      return { thread, endUser };
    });
  }
}

/** DFO gives a recipient one display name; we keep it as first and last name. */
function profileOf(recipient: RecipientInput) {
  const [firstName, ...rest] = (recipient.name ?? '').trim().split(/\s+/).filter(Boolean);
  return { idOnExternalPlatform: recipient.idOnExternalPlatform, firstName: firstName ?? null, lastName: rest.length > 0 ? rest.join(' ') : null };
}

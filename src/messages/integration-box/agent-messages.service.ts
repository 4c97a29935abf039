import { Injectable } from '@nestjs/common';
import { IntegrationPrincipal } from '../../auth/current-integration.decorator';
import { ChannelEntity } from '../../channel-registry/channel.entity';
import { ChannelDirectory } from '../../channel-registry/channel-directory.service';
import { channelNotFound } from '../../channel-registry/channel-registry.errors';
import { EndUserRepository } from '../../threads/end-user.repository';
import { ThreadEntity } from '../../threads/thread.entity';
import { ThreadRepository } from '../../threads/thread.repository';
import { ThreadRecipientRepository } from '../../threads/thread-recipient.repository';
import { unknownThread } from '../messages.errors';
import { AgentConversationStarter } from './agent-conversation.starter';
import { AgentMessageInput } from './agent-message.input';
import { OutboundDispatcher } from './outbound-dispatcher';
import { AgentReplyResponse, toAgentReplyResponse } from './reply.mapper';

/**
 * Agent messages from DFO: replies (a.3, or a.2 on integrations using the legacy reply API) and agent-initiated
 * outbound. The token's integration must own the channel: another integration's channel is a 404, like one that
 * does not exist. The answer is always 200 once the message is stored, whatever the platform does.
 */
@Injectable()
export class AgentMessagesService {
  constructor(
    private readonly directory: ChannelDirectory,
    private readonly threads: ThreadRepository,
    private readonly endUsers: EndUserRepository,
    private readonly recipients: ThreadRecipientRepository,
    private readonly starter: AgentConversationStarter,
    private readonly dispatcher: OutboundDispatcher,
  ) {}

  async reply(principal: IntegrationPrincipal, dfoChannelId: string, input: AgentMessageInput): Promise<AgentReplyResponse> {
    const channel = await this.ownedChannel(principal, dfoChannelId);
    const existing = await this.threads.findByDfoRef(channel.brandId, channel.id, input.threadRef);
    const { thread, endUser } = existing ? { thread: existing, endUser: await this.endUserOf(existing) } : await this.starter.open(channel, input);
    const message = await this.dispatcher.dispatch(channel, thread, endUser, input, existing === null);
    const recipients = await this.recipients.listForThread(channel.brandId, thread.id);
    return toAgentReplyResponse(message, thread, endUser, recipients);
  }

  /** a.2 names no channel: the post (thread) is looked up among the channels of the token's integration. */
  async replyLegacy(principal: IntegrationPrincipal, postId: string, input: AgentMessageInput): Promise<{ idOnExternalPlatform: string }> {
    const thread = await this.threads.findByDfoRefInIntegration(principal.brandId, principal.integrationId, postId);
    const channel = thread ? await this.directory.findById(principal.brandId, thread.channelId) : null;
    if (!thread || !channel || channel.status === 'removed') throw unknownThread(postId);
    const message = await this.dispatcher.dispatch(channel, thread, await this.endUserOf(thread), input, false);
    return { idOnExternalPlatform: message.idOnExternalPlatform };
  }

  async ownedChannel(principal: IntegrationPrincipal, dfoChannelId: string): Promise<ChannelEntity> {
    const channel = await this.directory.findForIntegration(principal.integrationId, dfoChannelId);
    if (!channel || channel.brandId !== principal.brandId) throw channelNotFound(dfoChannelId);
    return channel;
  }

  private endUserOf(thread: ThreadEntity) {
    return thread.endUserId ? this.endUsers.findById(thread.brandId, thread.endUserId) : Promise.resolve(null);
  }
}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChannelRegistryModule } from '../channel-registry/channel-registry.module';
import { DfoClientModule } from '../dfo-client/dfo-client.module';
import { PlatformAdaptersModule } from '../platform-adapters/platform-adapters.module';
import { ThreadsModule } from '../threads/threads.module';
import { BlockedNotice } from './delivery/blocked-notice';
import { CaseGate } from './delivery/case-gate';
import { DfoCreateMessageHandler } from './delivery/dfo-create-message.handler';
import { DfoMessageStatusHandler } from './delivery/dfo-message-status.handler';
import { DfoSenderActionHandler } from './delivery/dfo-sender-action.handler';
import { EndUserStatusNotifier } from './delivery/end-user-status.notifier';
import { MessageContextLoader } from './delivery/message-context';
import { MessageHandlersRegistrar } from './delivery/message-handlers.registrar';
import { PlatformSendHandler } from './delivery/platform-send.handler';
import { PlatformSender } from './delivery/platform-sender';
import { MESSAGE_DELIVERY_KINDS } from './delivery/message-deliveries';
import { InboundFastPath } from './inbound/inbound-fast-path';
import { InboundMessageWriter } from './inbound/inbound-message.writer';
import { InboundSignalsWriter } from './inbound/inbound-signals.writer';
import { InboundService } from './inbound/inbound.service';
import { WebhookController } from './inbound/webhook.controller';
import { WebhookIngressService } from './inbound/webhook-ingress.service';
import { AgentConversationStarter } from './integration-box/agent-conversation.starter';
import { AgentMessagesService } from './integration-box/agent-messages.service';
import { AgentTypingService } from './integration-box/agent-typing.service';
import { IntegrationBoxController } from './integration-box/integration-box.controller';
import { OutboundDispatcher } from './integration-box/outbound-dispatcher';
import { MessageEntity } from '../threads/message.entity';
import { MessageRepository } from './message.repository';
import { OutboxModule } from '../outbox/outbox.module';

/**
 * The messaging core: the inbound pipeline (`InboundService`, used by the webhook controller and the web chat),
 * the Integration Box controllers (agent replies, outbound, typing), and the delivery handlers for messages,
 * receipts and typing.
 */
@Module({
  imports: [TypeOrmModule.forFeature([MessageEntity]), OutboxModule.forFeature(MESSAGE_DELIVERY_KINDS), ThreadsModule, ChannelRegistryModule, DfoClientModule, PlatformAdaptersModule],
  controllers: [WebhookController, IntegrationBoxController],
  providers: [
    MessageRepository,
    InboundFastPath,
    InboundMessageWriter,
    InboundSignalsWriter,
    InboundService,
    WebhookIngressService,
    MessageContextLoader,
    BlockedNotice,
    CaseGate,
    EndUserStatusNotifier,
    PlatformSender,
    DfoCreateMessageHandler,
    DfoMessageStatusHandler,
    DfoSenderActionHandler,
    PlatformSendHandler,
    MessageHandlersRegistrar,
    OutboundDispatcher,
    AgentConversationStarter,
    AgentMessagesService,
    AgentTypingService,
  ],
  exports: [InboundService, MessageRepository],
})
export class MessagesModule {}

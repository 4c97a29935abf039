import { Module } from '@nestjs/common';
import { ChannelRegistryModule } from '../channel-registry/channel-registry.module';
import { MessagesModule } from '../messages/messages.module';
import { PlatformAdaptersModule } from '../platform-adapters/platform-adapters.module';
import { WebchatEventPruner } from './webchat-event-pruner';
import { WebchatEventsModule } from '../platform-adapters/webchat/events/webchat-events.module';
import { WebchatController } from './http/webchat.controller';
import { WebchatEventsController } from './http/webchat-events.controller';
import { WebchatGuard } from './http/webchat.guard';
import { WebchatPagesController } from './http/webchat-pages.controller';
import { WebchatRateLimits } from './http/webchat-rate-limits';
import { WidgetBundle } from './http/widget-bundle';
import { WebchatCallsService } from './sessions/webchat-calls.service';
import { WebchatConversationRepository } from './sessions/webchat-conversation.repository';
import { WebchatHistoryService } from './sessions/webchat-history.service';
import { WebchatSessionsService } from './sessions/webchat-sessions.service';
import { StreamTickets } from './sse/stream-tickets';
import { WebchatStreamHub } from './sse/webchat-stream-hub';
import { WebchatStreamsService } from './sse/webchat-streams.service';

/** The web chat channel: sessions, messages, Server-Sent Events, the widget and its demo page. */
@Module({
  imports: [WebchatEventsModule, ChannelRegistryModule, PlatformAdaptersModule, MessagesModule],
  controllers: [WebchatController, WebchatEventsController, WebchatPagesController],
  providers: [
    WebchatGuard,
    WebchatRateLimits,
    WidgetBundle,
    WebchatConversationRepository,
    WebchatSessionsService,
    WebchatCallsService,
    WebchatHistoryService,
    StreamTickets,
    WebchatStreamHub,
    WebchatStreamsService,
    WebchatEventPruner,
  ],
})
export class WebchatModule {}

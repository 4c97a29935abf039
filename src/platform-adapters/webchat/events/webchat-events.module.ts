import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WebchatSessionTokens } from '../sessions/webchat-session-tokens';
import { WebchatEventEntity } from './webchat-event.entity';
import { WebchatEventLog } from './webchat-event-log';
import { WebchatEventRepository } from './webchat-event.repository';

/**
 * What the web chat adapter needs and nothing of HTTP: the event log and the session tokens. Imported by
 * `PlatformAdaptersModule` (which provides the adapter) and by `WebchatModule` (the HTTP API), so neither depends on
 * the other.
 */
@Module({
  imports: [TypeOrmModule.forFeature([WebchatEventEntity])],
  providers: [WebchatEventRepository, WebchatEventLog, WebchatSessionTokens],
  exports: [WebchatEventRepository, WebchatEventLog, WebchatSessionTokens],
})
export class WebchatEventsModule {}

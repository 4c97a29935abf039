import { Module } from '@nestjs/common';
import { WebchatSessionTokens } from '../webchat-session-tokens';
import { WebchatEventLog } from './webchat-event-log';
import { WebchatEventRepository } from './webchat-event.repository';

/**
 * What the web chat adapter needs and nothing of HTTP: the event log and the session tokens. Imported by
 * `PlatformAdaptersModule` (which provides the adapter) and by `WebchatModule` (the HTTP API), so neither depends on
 * the other. The log is read and written with SQL on the app's DataSource, so no TypeORM repository is registered.
 */
@Module({
  providers: [WebchatEventRepository, WebchatEventLog, WebchatSessionTokens],
  exports: [WebchatEventRepository, WebchatEventLog, WebchatSessionTokens],
})
export class WebchatEventsModule {}

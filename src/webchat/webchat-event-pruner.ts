import { Inject, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { Clock } from '../core/clock/clock';
import { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { WebchatEventRepository } from '../platform-adapters/webchat/events/webchat-event.repository';

const BATCH = 5000;
/** At most this many batches per run, so one run never holds the database for long. */
const MAX_BATCHES = 20;

/**
 * Keeps the web chat event log from growing forever. An event is only needed for a replay after `Last-Event-ID`,
 * and no browser reconnects with an id older than its session can live (`WEBCHAT_SESSION_TTL_S`): the history comes
 * from the messages table. Several instances may prune at once; deleting twice is harmless.
 */
@Injectable()
export class WebchatEventPruner {
  private readonly logger = new Logger(WebchatEventPruner.name);

  constructor(
    private readonly events: WebchatEventRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Interval('webchat-events-prune', 60 * 60 * 1000)
  tick(): void {
    this.prune().catch((err: unknown) => this.logger.warn({ err }, 'Pruning web chat events failed; next run tries again'));
  }

  async prune(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - this.config.webchat.sessionTtlSeconds * 1000);
    let total = 0;
    for (let i = 0; i < MAX_BATCHES; i++) {
      const deleted = await this.events.pruneBefore(before, BATCH);
      total += deleted;
      if (deleted < BATCH) break;
    }
    if (total > 0) this.logger.log({ deleted: total }, 'Pruned old web chat events');
    return total;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../../core/clock/clock';
import { AppConfig } from '../../core/config/app-config';
import { APP_CONFIG } from '../../core/config/config.module';
import { RateLimiter } from './rate-limiter';

/**
 * The web chat's rate limits. Messages: `WEBCHAT_MESSAGES_PER_MINUTE` per visitor. Other calls (typing, heartbeat,
 * history, streams): five times that, since typing comes in bursts. New sessions: `WEBCHAT_SESSIONS_PER_MINUTE` per
 * client address (a session costs no row, but an unbounded supply of them would defeat the per-session limits).
 */
@Injectable()
export class WebchatRateLimits {
  private readonly limiters: Record<'message' | 'action' | 'session', RateLimiter>;

  constructor(@Inject(APP_CONFIG) config: AppConfig, clock: Clock) {
    const perMinute = config.webchat.messagesPerMinute;
    const now = () => clock.now().getTime();
    this.limiters = {
      message: new RateLimiter(perMinute, now),
      action: new RateLimiter(perMinute * 5, now),
      session: new RateLimiter(config.webchat.sessionsPerMinute, now),
    };
  }

  take(kind: 'message' | 'action' | 'session', key: string): { ok: true } | { ok: false; retryAfterMs: number } {
    return this.limiters[kind].take(key);
  }
}

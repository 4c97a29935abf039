import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config';
import { APP_CONFIG } from '../../core/config/config.module';
import { MtlsExpiryMonitor } from './mtls-expiry.monitor';

/** Runs the expiry check at start-up and then every MTLS_EXPIRY_CHECK_INTERVAL_MS (a day by default); nothing else. */
@Injectable()
export class MtlsExpiryScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MtlsExpiryScheduler.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly monitor: MtlsExpiryMonitor,
  ) {}

  onApplicationBootstrap(): void {
    this.run();
    this.timer = setInterval(() => this.run(), this.config.mtls.expiryCheckIntervalMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private run(): void {
    if (this.running) return;
    this.running = this.monitor
      .checkOnce()
      .catch((err: unknown) => this.logger.error({ err }, 'mTLS expiry check failed'))
      .finally(() => (this.running = null));
  }
}

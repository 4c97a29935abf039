import { Clock } from '../core/clock/clock';

/**
 * The outbox worker's clocks, all unref'd (they never keep the process alive):
 * - `at`: wake at a given time (a retry this instance scheduled), so a backoff is kept to the millisecond rather
 *   than to the next sweep;
 * - `ticking`: wake every `everyMs` while deliveries are in flight, so their leases are renewed in time whatever the
 *   sweep interval.
 */
export class WorkerTimers {
  private times: number[] = [];
  private timer: { at: number; handle: NodeJS.Timeout } | null = null;
  private ticker: NodeJS.Timeout | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly fire: () => void,
  ) {}

  at(when: Date): void {
    this.times.push(when.getTime());
    this.arm();
  }

  ticking(on: boolean, everyMs: number): void {
    if (on && !this.ticker) {
      this.ticker = setInterval(this.fire, everyMs);
      this.ticker.unref();
    } else if (!on && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = null;
    }
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer.handle);
    this.timer = null;
    this.times = [];
    this.ticking(false, 0);
  }

  private arm(): void {
    const next = Math.min(...this.times);
    if (!Number.isFinite(next) || (this.timer && this.timer.at <= next)) return;
    if (this.timer) clearTimeout(this.timer.handle);
    const handle = setTimeout(() => {
      this.timer = null;
      const now = this.clock.now().getTime();
      this.times = this.times.filter((t) => t > now);
      this.fire();
      this.arm();
    }, Math.max(0, next - this.clock.now().getTime()));
    handle.unref();
    this.timer = { at: next, handle };
  }
}

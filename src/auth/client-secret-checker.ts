import { Injectable, OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { IntegrationEntity } from '../channel-registry/integration.entity';
import { Clock } from '../core/clock/clock';
import { hashSecret, verifySecret } from '../core/crypto/hashing';

/** How many recent check durations the decoy draws from. */
const SAMPLES = 32;

/**
 * The last `SAMPLES` durations of real secret checks. The decoy waits one of them, drawn at random, so that its
 * durations follow the same distribution as real checks do now (load included), not one fixed number.
 */
export class CheckDurations {
  private readonly recent: number[] = [];
  private next = 0;

  constructor(private readonly random: () => number = Math.random) {}

  record(ms: number): void {
    this.recent[this.next] = ms;
    this.next = (this.next + 1) % SAMPLES;
  }

  /** A recent duration, or `fallback` before any was recorded. */
  sample(fallback: number): number {
    if (this.recent.length === 0) return fallback;
    return this.recent[Math.floor(this.random() * this.recent.length)]!;
  }
}

/**
 * Checks a client secret presented to the token endpoint against an integration's scrypt hashes: the current one,
 * and the previous one while its grace period lasts (both at once, so a rotation does not double the time).
 *
 * An unknown client id costs no scrypt: hashing for nobody would let anyone burn our CPU with made-up ids. What
 * "uniform timing" means here: the answer to an unknown client id (`decoy()`) is the same 401 as to a wrong secret,
 * after a delay drawn from the durations of the real checks made recently on this instance, so the latency of the
 * two cases has the same distribution and does not tell whether a client id exists. Before any real check was made,
 * the delay is the measured duration of one scrypt check against a decoy hash, made once at start-up. Both paths do
 * the same database lookup before. What it does not hide: a timer is not CPU, so under a CPU flood real checks slow
 * down while decoys follow only with the next samples; the per-client-id rate limit bounds what can be measured.
 */
@Injectable()
export class ClientSecretChecker implements OnModuleInit {
  private readonly durations = new CheckDurations();
  private baselineMs: Promise<number> | null = null;

  constructor(private readonly clock: Clock) {}

  onModuleInit(): void {
    void this.baseline();
  }

  async check(integration: IntegrationEntity, presented: string): Promise<boolean> {
    const started = performance.now();
    const previous = this.previousHashInGrace(integration);
    const [current, old] = await Promise.all([
      verifySecret(presented, integration.clientSecretHash),
      previous === null ? false : verifySecret(presented, previous),
    ]);
    this.durations.record(performance.now() - started);
    return current || old;
  }

  /** Takes as long as a check, and fails. */
  async decoy(): Promise<false> {
    const ms = this.durations.sample(await this.baseline());
    await new Promise((resolve) => setTimeout(resolve, ms));
    return false;
  }

  private previousHashInGrace(integration: IntegrationEntity): string | null {
    const { previousClientSecretHash: hash, previousClientSecretExpiresAt: until } = integration;
    return hash !== null && until !== null && until.getTime() > this.clock.now().getTime() ? hash : null;
  }

  /** One scrypt check against a decoy hash, timed once per process. */
  private baseline(): Promise<number> {
    this.baselineMs ??= (async () => {
      const decoyHash = await hashSecret(randomBytes(32).toString('base64url'));
      const started = performance.now();
      await verifySecret(randomBytes(32).toString('base64url'), decoyHash);
      return performance.now() - started;
    })();
    return this.baselineMs;
  }
}

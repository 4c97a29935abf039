import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../clock/clock';

/** How many expired rows one `spend` prunes: enough to keep up, small enough to stay off the request's path. */
const PRUNE_BATCH = 100;

/**
 * One-time use for signed tokens that would otherwise be valid until they expire (action-page form tokens, web chat
 * stream tickets). The first `spend` of a token id records it in `spent_tokens` until the token expires; any later
 * one, on any instance, is refused. The primary key settles a race between two instances.
 */
@Injectable()
export class SpentTokens {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** True for the token's first use; false when it was used already (a replay). */
  async spend(jti: string, expiresAt: Date): Promise<boolean> {
    await this.db.query(`DELETE FROM spent_tokens WHERE jti IN (SELECT jti FROM spent_tokens WHERE expires_at < $1 LIMIT ${PRUNE_BATCH})`, [this.clock.now()]);
    const rows: unknown[] = await this.db.query(`INSERT INTO spent_tokens (jti, expires_at) VALUES ($1, $2) ON CONFLICT (jti) DO NOTHING RETURNING jti`, [jti, expiresAt]);
    return rows.length === 1;
  }

  /** Gives a token back when what it was spent on did not happen (the action failed), so it may be tried again. */
  async release(jti: string): Promise<void> {
    await this.db.query(`DELETE FROM spent_tokens WHERE jti = $1`, [jti]);
  }
}

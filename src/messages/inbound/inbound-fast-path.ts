import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ChannelEntity } from '../../channel-registry/channel.entity';
import { Clock } from '../../core/clock/clock';
import { PreparedStatement } from '../../core/database/prepared-statement';
import { OutboxService } from '../../outbox/outbox.service';
import { nextIdleDeadline } from '../../threads/lifecycle/idle-clock';
import { MessageEvent, inboundContent } from './inbound-message.writer';

export type FastOutcome = 'accepted' | 'duplicate' | 'slow';

/**
 * The common case of an end user's message in ONE statement: the conversation is live and `open` (not in its idle
 * countdown). One CTE refreshes the end user, moves the thread's activity and idle clock (which locks the thread,
 * as the general path does, end user first), inserts the message (the dedup key makes a replay a no-op), its
 * `dfo.create_message` delivery (with the outbox's own rules, `OutboxService.insertSql`) and the timeline event.
 * Without a transaction of its own it commits when it returns, so the platform's 2xx still follows the commit.
 *
 * Anything else answers `slow` having written nothing but, at most, the end user's names: no live thread (a first
 * message, one after a close, a blocked one), a thread in `idle_warning` (the resume has its own deliveries and
 * event). The caller then runs `InboundMessageWriter`, which handles every case. Keep the two in step: this is the
 * general path's `write` for an open thread, statement for statement.
 */
@Injectable()
export class InboundFastPath {
  private readonly statement: PreparedStatement<{ known: boolean; message_id: string | null; live: boolean }>;

  constructor(
    private readonly clock: Clock,
    outbox: OutboxService,
  ) {
    this.statement = new PreparedStatement(fastPathSql(
      outbox.insertSql({
        from: 'message',
        brandId: '$1::uuid',
        channelId: '$2::uuid',
        threadId: 'message.thread_id',
        messageId: 'message.id',
        kind: `'dfo.create_message'`,
        // `CreateMessagePayload` of message-deliveries.ts.
        payload: `jsonb_build_object('messageId', message.id)`,
        notBefore: '$10::timestamptz',
      }),
    ));
  }

  /** Writes the message if its conversation is open; in the caller's transaction when `manager` is in one. */
  async write(manager: EntityManager, channel: ChannelEntity, event: MessageEvent): Promise<FastOutcome> {
    const now = this.clock.now();
    const { author } = event;
    const content = inboundContent(event);
    const [row] = await this.statement.rows(manager, [
      channel.brandId,
      channel.id,
      event.threadId,
      event.id,
      author.id,
      author.firstName ?? null,
      author.lastName ?? null,
      author.nickname ?? null,
      author.image ?? null,
      now,
      nextIdleDeadline(channel.settings, null, 'end_user_message', now),
      content.content,
      JSON.stringify(content.attachments),
      content.platformCreatedAt,
    ]);
    if (row?.known) return 'duplicate';
    if (row?.message_id) return 'accepted';
    // Live but no insert: the same message raced in from a concurrent request and won.
    return row?.live ? 'duplicate' : 'slow';
  }
}

/**
 * $1 brand, $2 channel, $3 platform thread id, $4 platform message id, $5..$9 author id and names, $10 now,
 * $11 the idle deadline after an end-user message, $12 content, $13 attachments, $14 the platform's time.
 * A name the platform did not send is kept; the end user row is rewritten only when a name changed.
 */
function fastPathSql(deliveryInsert: string): string {
  const changed = (col: string) => `(EXCLUDED.${col} IS NOT NULL AND EXCLUDED.${col} IS DISTINCT FROM end_users.${col})`;
  return `
    WITH known AS (
      SELECT 1 FROM messages WHERE channel_id = $2 AND direction = 'inbound' AND id_on_external_platform = $4
    ),
    author AS (
      INSERT INTO end_users (brand_id, channel_id, id_on_external_platform, first_name, last_name, nickname, image_url)
      SELECT $1, $2, $5, $6, $7, $8, $9 WHERE NOT EXISTS (SELECT 1 FROM known)
      ON CONFLICT (channel_id, id_on_external_platform) DO UPDATE SET
        first_name = COALESCE(EXCLUDED.first_name, end_users.first_name),
        last_name = COALESCE(EXCLUDED.last_name, end_users.last_name),
        nickname = COALESCE(EXCLUDED.nickname, end_users.nickname),
        image_url = COALESCE(EXCLUDED.image_url, end_users.image_url)
      WHERE end_users.brand_id = EXCLUDED.brand_id
        AND (${['first_name', 'last_name', 'nickname', 'image_url'].map(changed).join(' OR ')})
      RETURNING id
    ),
    author_id AS (
      SELECT id FROM author
      UNION ALL
      SELECT e.id FROM end_users e
      WHERE e.channel_id = $2 AND e.id_on_external_platform = $5 AND e.brand_id = $1
        AND NOT EXISTS (SELECT 1 FROM author) AND NOT EXISTS (SELECT 1 FROM known)
    ),
    thread AS (
      UPDATE threads t SET last_customer_activity_at = $10, idle_deadline_at = $11,
        end_user_id = COALESCE(t.end_user_id, (SELECT id FROM author_id))
      WHERE t.brand_id = $1 AND t.channel_id = $2 AND t.id_on_external_platform = $3 AND t.status = 'open'
        AND EXISTS (SELECT 1 FROM author_id)
      RETURNING t.id
    ),
    message AS (
      INSERT INTO messages (brand_id, thread_id, channel_id, direction, id_on_external_platform, content, attachments,
                            author_kind, author_end_user_id, status, platform_created_at)
      SELECT $1, thread.id, $2, 'inbound', $4, $12, $13, 'end_user', (SELECT id FROM author_id), 'accepted', $14 FROM thread
      ON CONFLICT (channel_id, direction, id_on_external_platform) DO NOTHING
      RETURNING id, thread_id
    ),
    delivery AS (${deliveryInsert}),
    event AS (
      INSERT INTO thread_events (brand_id, thread_id, type, data)
      SELECT $1, message.thread_id, 'message.inbound', jsonb_build_object('messageId', message.id, 'idOnExternalPlatform', $4::text) FROM message
    )
    SELECT EXISTS (SELECT 1 FROM known) AS known, (SELECT id FROM message) AS message_id, EXISTS (SELECT 1 FROM thread) AS live`;
}

import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

/**
 * Rows for lifecycle and support-API specs, written straight into the tables when the state they need (a deadline in
 * the past, a dead delivery, a case number) would take minutes or a whole conversation to reach through the API.
 * Brands, integrations and channels still come from the admin API, so secrets are sealed as in production.
 */
export interface ThreadFixture {
  brandId: string;
  channelId: string;
  externalId?: string;
  status?: 'open' | 'idle_warning' | 'closed';
  closedReason?: string | null;
  endUserId?: string | null;
  dfoContactId?: string | null;
  dfoCaseStatus?: string | null;
  idleDeadlineAt?: Date | null;
  closeDeadlineAt?: Date | null;
  lastAgentActivityAt?: Date | null;
}

export interface InsertedThread {
  id: string;
  externalId: string;
}

export async function insertThread(ds: DataSource, f: ThreadFixture): Promise<InsertedThread> {
  const externalId = f.externalId ?? `wh-${randomBytes(6).toString('hex')}`;
  const status = f.status ?? 'open';
  const [row] = await ds.query(
    `INSERT INTO threads (channel_id, brand_id, id_on_external_platform, dfo_thread_ref, end_user_id, dfo_contact_id, dfo_case_status,
       status, closed_reason, closed_at, idle_deadline_at, close_deadline_at, last_agent_activity_at)
     VALUES ($1, $2, $3, $3, $4, $5, $6, $7, $8, CASE WHEN $7 = 'closed' THEN now() END, $9, $10, $11) RETURNING id`,
    [
      f.channelId,
      f.brandId,
      externalId,
      f.endUserId ?? null,
      f.dfoContactId ?? null,
      f.dfoCaseStatus ?? null,
      status,
      status === 'closed' ? (f.closedReason ?? 'customer') : null,
      f.idleDeadlineAt ?? null,
      f.closeDeadlineAt ?? null,
      f.lastAgentActivityAt ?? null,
    ],
  );
  return { id: row.id, externalId };
}

export async function insertEndUser(ds: DataSource, brandId: string, channelId: string, fields: { firstName?: string; nickname?: string } = {}): Promise<{ id: string; externalId: string }> {
  const externalId = `u-${randomBytes(4).toString('hex')}`;
  const [row] = await ds.query(
    `INSERT INTO end_users (channel_id, brand_id, id_on_external_platform, first_name, last_name, nickname, image_url)
     VALUES ($1, $2, $3, $4, 'Lion', $5, 'https://cdn.example/simba.png') RETURNING id`,
    [channelId, brandId, externalId, fields.firstName ?? 'Simba', fields.nickname ?? '@simba'],
  );
  return { id: row.id, externalId };
}

export async function insertMessage(
  ds: DataSource,
  thread: { id: string; brandId: string; channelId: string },
  fields: { direction: 'inbound' | 'outbound'; text: string; status: string; authorEndUserId?: string | null },
): Promise<string> {
  const [row] = await ds.query(
    `INSERT INTO messages (thread_id, channel_id, brand_id, direction, id_on_external_platform, content, author_kind, author_end_user_id, agent, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      thread.id,
      thread.channelId,
      thread.brandId,
      fields.direction,
      `m-${randomUUID()}`,
      JSON.stringify({ type: 'TEXT', payload: { text: fields.text } }),
      fields.direction === 'inbound' ? 'end_user' : 'agent',
      fields.authorEndUserId ?? null,
      fields.direction === 'outbound' ? JSON.stringify({ name: 'Nala' }) : null,
      fields.status,
    ],
  );
  return row.id;
}

export async function insertDelivery(
  ds: DataSource,
  fields: { brandId: string; channelId?: string | null; threadId?: string | null; messageId?: string | null; kind: string; payload?: object; status: string; attempts?: number; lastError?: string | null },
): Promise<string> {
  const [row] = await ds.query(
    `INSERT INTO deliveries (brand_id, channel_id, thread_id, message_id, kind, payload, status, attempts, last_error, completed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $7 IN ('done', 'dead') THEN now() END) RETURNING id::text AS id`,
    [
      fields.brandId,
      fields.channelId ?? null,
      fields.threadId ?? null,
      fields.messageId ?? null,
      fields.kind,
      JSON.stringify(fields.payload ?? {}),
      fields.status,
      fields.attempts ?? 0,
      fields.lastError ?? null,
    ],
  );
  return row.id;
}

export async function insertEvent(ds: DataSource, thread: { id: string; brandId: string }, type: string, data: object): Promise<void> {
  await ds.query('INSERT INTO thread_events (thread_id, brand_id, type, data) VALUES ($1, $2, $3, $4)', [thread.id, thread.brandId, type, JSON.stringify(data)]);
}

/** Deletes what a spec made (everything hangs off its brands), so the shared test database does not grow. */
export async function deleteBrands(ds: DataSource, brandIds: string[]): Promise<void> {
  await ds.query('DELETE FROM brands WHERE id = ANY($1::uuid[])', [brandIds]);
}

import { randomBytes, randomUUID } from 'node:crypto';
import { DEFAULT_CHANNEL_SETTINGS } from '../../src/core/domain/channel-settings';
import { Db } from './database';

/**
 * Rows written straight into the tables, for specs that need a state the API would take minutes or a whole
 * conversation to reach (a deadline in the past, a dead delivery, a case number), or that test the data path below
 * the API (the outbox, the claim queries). Specs that go through the app make their brands and channels with the
 * admin API (`admin-api.ts`), so secrets are sealed as in production; `insertBrandGraph` is for those that run
 * without it. Everything hangs off a brand: `deleteBrands` (`brand-cleanup.ts`) removes it all.
 */
export interface BrandGraph {
  brandId: string;
  integrationId: string;
  channelId: string;
  dfoChannelId: string;
}

/** A brand, an integration and a channel. The DFO secret is not sealed: these rows are never used to call DFO. */
export async function insertBrandGraph(db: Db, adapter = 'webhook'): Promise<BrandGraph> {
  const suffix = randomUUID().slice(0, 8);
  const [brand] = await db.query<{ id: string }>(
    `INSERT INTO brands (name, tenant_id, dfo_brand_id, business_unit_id, dfo_api_base_url, dfo_auth_kind, dfo_auth_url, dfo_key_id, dfo_secret_sealed)
     VALUES ($1, $2, 1, 1, 'http://127.0.0.1:9/dfo/3.0', 'access_key', 'http://127.0.0.1:9/auth/token', 'k', 'not-sealed') RETURNING id`,
    [`fixture-${suffix}`, randomUUID()],
  );
  const [integration] = await db.query<{ id: string }>(
    `INSERT INTO integrations (brand_id, name, client_id, client_secret_hash) VALUES ($1, 'fixture', $2, 'x') RETURNING id`,
    [brand!.id, `client-${suffix}`],
  );
  const dfoChannelId = `chat_${randomUUID()}`;
  const [channel] = await db.query<{ id: string }>(
    `INSERT INTO channels (integration_id, brand_id, dfo_channel_id, id_on_external_platform, name, adapter, settings)
     VALUES ($1, $2, $3, $3, 'fixture', $4, $5) RETURNING id`,
    [integration!.id, brand!.id, dfoChannelId, adapter, JSON.stringify(DEFAULT_CHANNEL_SETTINGS)],
  );
  return { brandId: brand!.id, integrationId: integration!.id, channelId: channel!.id, dfoChannelId };
}

/** A thread as the inbound pipeline and the lifecycle leave it; only the brand and the channel are required. */
export interface ThreadFixture {
  brandId: string;
  channelId: string;
  /** The platform's thread id, also used as the DFO thread ref (default: a random `wh-…`). */
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

/** The one thread fixture: many threads in one statement (thousands for the sweeps), in the order given. */
export async function insertThreads(db: Db, fixtures: ThreadFixture[]): Promise<InsertedThread[]> {
  if (fixtures.length === 0) return [];
  // Ids are chosen here, so the rows come back in the order given whatever order RETURNING would use.
  const rows = fixtures.map((f) => {
    const status = f.status ?? 'open';
    return [
      randomUUID(),
      f.channelId,
      f.brandId,
      f.externalId ?? `wh-${randomBytes(6).toString('hex')}`,
      f.endUserId ?? null,
      f.dfoContactId ?? null,
      f.dfoCaseStatus ?? null,
      status,
      status === 'closed' ? (f.closedReason ?? 'customer') : null,
      f.idleDeadlineAt?.toISOString() ?? null,
      f.closeDeadlineAt?.toISOString() ?? null,
      f.lastAgentActivityAt?.toISOString() ?? null,
    ];
  });
  await db.query(
    `INSERT INTO threads (id, channel_id, brand_id, id_on_external_platform, dfo_thread_ref, end_user_id, dfo_contact_id, dfo_case_status,
       status, closed_reason, closed_at, idle_deadline_at, close_deadline_at, last_agent_activity_at)
     SELECT id, channel_id, brand_id, external_id, external_id, end_user_id, dfo_contact_id, dfo_case_status,
       status, closed_reason, CASE WHEN status = 'closed' THEN now() END, idle_deadline_at, close_deadline_at, last_agent_activity_at
     FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], $10::timestamptz[], $11::timestamptz[], $12::timestamptz[])
       AS f(id, channel_id, brand_id, external_id, end_user_id, dfo_contact_id, dfo_case_status, status, closed_reason, idle_deadline_at, close_deadline_at, last_agent_activity_at)`,
    rows[0]!.map((_, i) => rows.map((row) => row[i])),
  );
  return rows.map((row) => ({ id: row[0] as string, externalId: row[3] as string }));
}

export async function insertThread(db: Db, fixture: ThreadFixture): Promise<InsertedThread> {
  const [thread] = await insertThreads(db, [fixture]);
  return thread!;
}

export async function insertEndUser(db: Db, brandId: string, channelId: string, fields: { firstName?: string; nickname?: string } = {}): Promise<{ id: string; externalId: string }> {
  const externalId = `u-${randomBytes(4).toString('hex')}`;
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO end_users (channel_id, brand_id, id_on_external_platform, first_name, last_name, nickname, image_url)
     VALUES ($1, $2, $3, $4, 'Lion', $5, 'https://cdn.example/simba.png') RETURNING id`,
    [channelId, brandId, externalId, fields.firstName ?? 'Simba', fields.nickname ?? '@simba'],
  );
  return { id: row!.id, externalId };
}

export async function insertMessage(
  db: Db,
  thread: { id: string; brandId: string; channelId: string },
  fields: { direction: 'inbound' | 'outbound'; text: string; status: string; authorEndUserId?: string | null },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
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
  return row!.id;
}

export async function insertDelivery(
  db: Db,
  fields: { brandId: string; channelId?: string | null; threadId?: string | null; messageId?: string | null; kind: string; payload?: object; status: string; attempts?: number; lastError?: string | null },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
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
  return row!.id;
}

export async function insertEvent(db: Db, thread: { id: string; brandId: string }, type: string, data: object): Promise<void> {
  await db.query('INSERT INTO thread_events (thread_id, brand_id, type, data) VALUES ($1, $2, $3, $4)', [thread.id, thread.brandId, type, JSON.stringify(data)]);
}

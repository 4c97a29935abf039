/**
 * The ceiling the bench compares byoc-bridge against: what this machine does for the same request with nothing but
 * the unavoidable work. Raw Fastify, the same HMAC check (`verifyWebhookSignature`, the webhook adapter's own), and
 * ONE `INSERT … ON CONFLICT DO NOTHING` per message into Postgres, with the same pool size. No outbox, no
 * forwarding, no framework. Run as its own process: `node dist/bench/ceiling.js` with PORT, DATABASE_URL,
 * CEILING_SECRET and DATABASE_POOL_SIZE.
 */
import Fastify from 'fastify';
import { Pool } from 'pg';
import { verifyWebhookSignature } from '../src/platform-adapters/webhook/webhook-signature';

export const CEILING_TABLE = `
  CREATE TABLE IF NOT EXISTS ceiling_messages (
    channel_id text NOT NULL,
    id text NOT NULL,
    thread_id text NOT NULL,
    body jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (channel_id, id)
  )`;

async function main(): Promise<void> {
  const secret = process.env.CEILING_SECRET ?? '';
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  await pool.query(CEILING_TABLE);
  const app = Fastify({ logger: false });
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.post<{ Params: { channelId: string }; Body: Buffer }>('/webhooks/:channelId', async (req, reply) => {
    const check = verifyWebhookSignature({ secrets: [secret], headers: req.headers, rawBody: req.body, now: new Date() });
    if (!check.ok) return reply.code(401).send({ error: check.reason });
    let message: { id?: unknown; threadId?: unknown } | undefined;
    try {
      message = (JSON.parse(req.body.toString('utf8')) as { events?: Array<{ id?: unknown; threadId?: unknown }> }).events?.[0];
    } catch {
      return reply.code(400).send({ field: 'body' });
    }
    if (typeof message?.id !== 'string' || typeof message.threadId !== 'string') return reply.code(400).send({ field: 'events[0]' });
    const inserted = await pool.query(
      'INSERT INTO ceiling_messages (channel_id, id, thread_id, body) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
      [req.params.channelId, message.id, message.threadId, message],
    );
    return reply.code(202).send(inserted.rowCount ? { accepted: [message.id], duplicates: [] } : { accepted: [], duplicates: [message.id] });
  });
  app.get('/health/ready', async () => ({ ok: true }));

  await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
  const stop = () => void app.close().then(() => pool.end()).then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}

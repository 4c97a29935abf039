import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The web chat event log: what the widget is sent over Server-Sent Events (agent messages, typing, delivery states,
 * idle warning, resumed, closed). The bigserial id is the SSE event id, so a browser that reconnects with
 * `Last-Event-ID` is replayed exactly what it missed. Rows are keyed by the conversation (the web chat's own thread id,
 * `threads.id_on_external_platform`) as well as by our thread: one conversation can span several threads when
 * `afterAgentClose: new_thread` opens a fresh case, and the browser follows the conversation.
 */
export class CreateWebchatEvents1795252992788 implements MigrationInterface {
  name = 'CreateWebchatEvents1795252992788';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webchat_events (
        id bigserial PRIMARY KEY,
        brand_id uuid NOT NULL REFERENCES brands(id) ON DELETE CASCADE,
        channel_id uuid NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
        thread_id uuid NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
        conversation_id text NOT NULL,
        type text NOT NULL CHECK (type IN ('message', 'typing', 'status', 'idle_warning', 'resumed', 'closed')),
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      -- Replay after Last-Event-ID and the history's last event id: one conversation, in id order.
      CREATE INDEX webchat_events_conversation_idx ON webchat_events (channel_id, conversation_id, id);
      CREATE INDEX webchat_events_thread_idx ON webchat_events (thread_id, id);
      CREATE TRIGGER webchat_events_updated_at BEFORE UPDATE ON webchat_events FOR EACH ROW EXECUTE FUNCTION set_updated_at();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE webchat_events');
  }
}

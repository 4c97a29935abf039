import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole data model of docs/architecture.md §3. Every brand-owned table carries `brand_id`, so every query in a
 * brand's data path can filter by it. Partial indexes cover exactly what the sweeps scan (due deadlines, due
 * deliveries), so their cost follows the due rows, not the table.
 */
export class CreateSchema1763700000000 implements MigrationInterface {
  name = 'CreateSchema1763700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN NEW.updated_at := now(); RETURN NEW; END $$;

      CREATE TABLE brands (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        tenant_id text NOT NULL,
        dfo_brand_id integer NOT NULL,
        business_unit_id integer NOT NULL,
        dfo_api_base_url text NOT NULL,
        dfo_auth_kind text NOT NULL CHECK (dfo_auth_kind IN ('access_key', 'client_credentials')),
        dfo_auth_url text NOT NULL,
        dfo_key_id text NOT NULL,
        dfo_secret_sealed text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE integrations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        brand_id uuid NOT NULL REFERENCES brands(id) ON DELETE CASCADE,
        name text NOT NULL,
        channel_integration_id text,
        client_id text NOT NULL,
        client_secret_hash text NOT NULL,
        reply_api text NOT NULL DEFAULT '2.0' CHECK (reply_api IN ('2.0', '1.0')),
        mtls_required boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT integrations_client_id_key UNIQUE (client_id)
      );
      CREATE INDEX integrations_brand_idx ON integrations (brand_id);

      CREATE TABLE channels (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
        brand_id uuid NOT NULL REFERENCES brands(id) ON DELETE CASCADE,
        dfo_channel_id text NOT NULL,
        id_on_external_platform text NOT NULL,
        real_external_platform_id text NOT NULL DEFAULT 'custom',
        name text NOT NULL,
        adapter text NOT NULL,
        adapter_config jsonb NOT NULL DEFAULT '{}'::jsonb,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disconnected', 'removed')),
        settings jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      -- A removed channel keeps its row (threads point at it) but frees its DFO channel id.
      CREATE UNIQUE INDEX channels_dfo_channel_id_key ON channels (dfo_channel_id) WHERE status <> 'removed';
      CREATE INDEX channels_brand_idx ON channels (brand_id);
      CREATE INDEX channels_integration_idx ON channels (integration_id);

      CREATE TABLE end_users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        channel_id uuid NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
        brand_id uuid NOT NULL REFERENCES brands(id) ON DELETE CASCADE,
        id_on_external_platform text NOT NULL,
        first_name text,
        last_name text,
        nickname text,
        image_url text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT end_users_channel_external_key UNIQUE (channel_id, id_on_external_platform)
      );
      CREATE INDEX end_users_brand_idx ON end_users (brand_id);

      CREATE TABLE threads (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        channel_id uuid NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
        brand_id uuid NOT NULL REFERENCES brands(id) ON DELETE CASCADE,
        id_on_external_platform text NOT NULL,
        dfo_thread_ref text NOT NULL,
        end_user_id uuid REFERENCES end_users(id) ON DELETE SET NULL,
        dfo_contact_id text,
        dfo_case_status text,
        dfo_case_checked_at timestamptz,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'idle_warning', 'closed')),
        closed_reason text CHECK (closed_reason IN ('agent', 'idle_timeout', 'customer', 'admin')),
        idle_deadline_at timestamptz,
        close_deadline_at timestamptz,
        last_customer_activity_at timestamptz,
        last_agent_activity_at timestamptz,
        closed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT threads_channel_dfo_ref_key UNIQUE (channel_id, dfo_thread_ref),
        CONSTRAINT threads_closed_has_reason CHECK ((status = 'closed') = (closed_reason IS NOT NULL))
      );
      -- At most one conversation that is not closed per channel and platform thread.
      CREATE UNIQUE INDEX threads_live_external_key ON threads (channel_id, id_on_external_platform) WHERE status <> 'closed';
      CREATE INDEX threads_external_idx ON threads (channel_id, id_on_external_platform, created_at DESC);
      -- Sweeps: idle warnings due, close countdowns due, case statuses to check.
      CREATE INDEX threads_idle_due_idx ON threads (idle_deadline_at) WHERE status = 'open' AND idle_deadline_at IS NOT NULL;
      CREATE INDEX threads_close_due_idx ON threads (close_deadline_at) WHERE status = 'idle_warning';
      CREATE INDEX threads_case_check_idx ON threads (dfo_case_checked_at NULLS FIRST)
        WHERE status <> 'closed' AND dfo_contact_id IS NOT NULL;
      CREATE INDEX threads_brand_updated_idx ON threads (brand_id, updated_at DESC, id DESC);
      CREATE INDEX threads_end_user_idx ON threads (end_user_id);
      CREATE INDEX threads_contact_idx ON threads (brand_id, dfo_contact_id);

      CREATE TABLE thread_recipients (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        thread_id uuid NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
        brand_id uuid NOT NULL REFERENCES brands(id) ON DELETE CASCADE,
        id_on_external_platform text NOT NULL,
        name text,
        is_primary boolean NOT NULL DEFAULT false,
        is_private boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT thread_recipients_thread_external_key UNIQUE (thread_id, id_on_external_platform)
      );

      CREATE TABLE messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        thread_id uuid NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
        channel_id uuid NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
        brand_id uuid NOT NULL REFERENCES brands(id) ON DELETE CASCADE,
        direction text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
        id_on_external_platform text NOT NULL,
        platform_message_id text,
        content jsonb NOT NULL,
        attachments jsonb NOT NULL DEFAULT '[]'::jsonb,
        author_kind text NOT NULL CHECK (author_kind IN ('end_user', 'agent', 'system')),
        author_end_user_id uuid REFERENCES end_users(id) ON DELETE SET NULL,
        agent jsonb,
        status text NOT NULL CHECK (status IN ('accepted', 'sent_to_dfo', 'sent', 'delivered', 'seen', 'failed', 'blocked')),
        status_reason text,
        platform_created_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- The dedup key: a platform's retry of the same message is a no-op.
        CONSTRAINT messages_channel_direction_external_key UNIQUE (channel_id, direction, id_on_external_platform)
      );
      CREATE INDEX messages_thread_idx ON messages (thread_id, created_at, id);
      CREATE INDEX messages_brand_idx ON messages (brand_id);

      CREATE TABLE deliveries (
        id bigserial PRIMARY KEY,
        brand_id uuid NOT NULL REFERENCES brands(id) ON DELETE CASCADE,
        channel_id uuid REFERENCES channels(id) ON DELETE CASCADE,
        thread_id uuid REFERENCES threads(id) ON DELETE CASCADE,
        message_id uuid REFERENCES messages(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('dfo.create_message', 'dfo.message_status', 'dfo.sender_action',
          'dfo.thread_update', 'dfo.case_status', 'platform.send', 'platform.event')),
        payload jsonb NOT NULL DEFAULT '{}'::jsonb,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'in_flight', 'done', 'dead')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        locked_until timestamptz,
        last_error text,
        completed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX deliveries_due_idx ON deliveries (next_attempt_at) WHERE status = 'pending';
      CREATE INDEX deliveries_lease_idx ON deliveries (locked_until) WHERE status = 'in_flight';
      -- Per-thread ordering: the oldest unfinished delivery of a thread goes first.
      CREATE INDEX deliveries_thread_open_idx ON deliveries (thread_id, id) WHERE status IN ('pending', 'in_flight');
      CREATE INDEX deliveries_dead_idx ON deliveries (brand_id, id) WHERE status = 'dead';
      CREATE INDEX deliveries_message_idx ON deliveries (message_id);

      CREATE TABLE thread_events (
        id bigserial PRIMARY KEY,
        thread_id uuid NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
        brand_id uuid NOT NULL REFERENCES brands(id) ON DELETE CASCADE,
        type text NOT NULL,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX thread_events_thread_idx ON thread_events (thread_id, id);

      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        key_hash text NOT NULL,
        key_prefix text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'support')),
        brand_ids uuid[],
        last_used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT api_keys_key_hash_key UNIQUE (key_hash)
      );
    `);
    for (const table of ['brands', 'integrations', 'channels', 'end_users', 'threads', 'thread_recipients', 'messages', 'deliveries', 'thread_events', 'api_keys']) {
      await q.query(`CREATE TRIGGER ${table}_updated_at BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION set_updated_at()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE api_keys; DROP TABLE thread_events; DROP TABLE deliveries; DROP TABLE messages;
      DROP TABLE thread_recipients; DROP TABLE threads; DROP TABLE end_users; DROP TABLE channels;
      DROP TABLE integrations; DROP TABLE brands; DROP FUNCTION set_updated_at();
    `);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Secrets lifecycle of an integration (docs/architecture.md §9.5).
 *
 * - Client-secret rotation with a grace period: the replaced secret's scrypt hash moves to
 *   `previous_client_secret_hash` and is accepted until `previous_client_secret_expires_at`. At most two secrets are
 *   ever valid; a second rotation within the grace period drops the oldest.
 * - Token revocation: Integration Box tokens carry the integration's `token_generation`; revoking increments it, so
 *   every token issued before is refused. A counter rather than a time compared to `iat`: `iat` has one-second
 *   resolution and instances' clocks differ, so a time would either refuse a token fetched just after the
 *   revocation or accept one fetched just before it. `tokens_revoked_at` is for operators to read.
 */
export class AddIntegrationSecretLifecycle1796531666362 implements MigrationInterface {
  name = 'AddIntegrationSecretLifecycle1796531666362';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE integrations
        ADD COLUMN client_secret_rotated_at timestamptz,
        ADD COLUMN previous_client_secret_hash text,
        ADD COLUMN previous_client_secret_expires_at timestamptz,
        ADD COLUMN token_generation integer NOT NULL DEFAULT 0,
        ADD COLUMN tokens_revoked_at timestamptz,
        ADD CONSTRAINT integrations_previous_secret_check
          CHECK ((previous_client_secret_hash IS NULL) = (previous_client_secret_expires_at IS NULL));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE integrations
        DROP CONSTRAINT integrations_previous_secret_check,
        DROP COLUMN tokens_revoked_at,
        DROP COLUMN token_generation,
        DROP COLUMN previous_client_secret_expires_at,
        DROP COLUMN previous_client_secret_hash,
        DROP COLUMN client_secret_rotated_at;
    `);
  }
}

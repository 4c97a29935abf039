import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * mTLS between CXone and byoc-bridge (architecture.md §9.4).
 *
 * - `integrations.mtls_mode` replaces `mtls_required`, which nothing ever read or set: `off`, `report` (a call
 *   without a good certificate passes and is counted: the mode to be in while CXone switches mTLS on) or `enforce`.
 * - `integration_trusted_cas`: the CA certificates an integration's client certificate must chain to. Several at once,
 *   so a rotation overlaps. Only certificates are stored: the key and password of issued credentials are shown once
 *   and never written anywhere, and the key of a CA we issue is dropped as soon as it has signed.
 * - `expiry_warned_*_at`: which expiry warnings were logged, so that with several instances each is logged once.
 */
export class AddIntegrationMtls1796534223384 implements MigrationInterface {
  name = 'AddIntegrationMtls1796534223384';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE integrations
        DROP COLUMN mtls_required,
        ADD COLUMN mtls_mode text NOT NULL DEFAULT 'off' CHECK (mtls_mode IN ('off', 'report', 'enforce'));

      CREATE TABLE integration_trusted_cas (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
        brand_id uuid NOT NULL REFERENCES brands(id) ON DELETE CASCADE,
        certificate_pem text NOT NULL,
        fingerprint_sha256 text NOT NULL CHECK (fingerprint_sha256 ~ '^[0-9a-f]{64}$'),
        subject text NOT NULL,
        not_before timestamptz NOT NULL,
        not_after timestamptz NOT NULL,
        origin text NOT NULL CHECK (origin IN ('issued', 'uploaded')),
        expiry_warned_30d_at timestamptz,
        expiry_warned_7d_at timestamptz,
        expiry_warned_expired_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT integration_trusted_cas_fingerprint_key UNIQUE (integration_id, fingerprint_sha256)
      );
      CREATE INDEX integration_trusted_cas_brand_idx ON integration_trusted_cas (brand_id);
      -- The expiry check reads only certificates with a warning still to give.
      CREATE INDEX integration_trusted_cas_expiry_idx ON integration_trusted_cas (not_after) WHERE expiry_warned_expired_at IS NULL;
      CREATE TRIGGER integration_trusted_cas_updated_at BEFORE UPDATE ON integration_trusted_cas FOR EACH ROW EXECUTE FUNCTION set_updated_at();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE integration_trusted_cas;
      ALTER TABLE integrations
        ADD COLUMN mtls_required boolean NOT NULL DEFAULT false;
      UPDATE integrations SET mtls_required = (mtls_mode = 'enforce');
      ALTER TABLE integrations DROP COLUMN mtls_mode;
    `);
  }
}

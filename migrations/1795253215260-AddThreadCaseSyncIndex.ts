import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case-status sync claims per brand (each brand has its own request budget), oldest check first. The global
 * `threads_case_check_idx` would make a small brand's claim walk past every due thread of a big one; this index
 * serves `WHERE brand_id = $1 ... ORDER BY dfo_case_checked_at NULLS FIRST LIMIT n` directly.
 *
 * A claim moves only `dfo_case_checked_at`. That bookkeeping no longer bumps `updated_at`, which the support API
 * sorts and filters threads by (`updatedSince`, cursor pagination): otherwise every open thread would look changed
 * every few minutes, and pages would shift under a reader.
 */
export class AddThreadCaseSyncIndex1795253215260 implements MigrationInterface {
  name = 'AddThreadCaseSyncIndex1795253215260';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX threads_brand_case_check_idx ON threads (brand_id, dfo_case_checked_at NULLS FIRST)
        WHERE status <> 'closed' AND dfo_contact_id IS NOT NULL;

      CREATE FUNCTION threads_set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (to_jsonb(NEW) - 'dfo_case_checked_at' - 'updated_at') = (to_jsonb(OLD) - 'dfo_case_checked_at' - 'updated_at') THEN
          NEW.updated_at := OLD.updated_at;
        ELSE
          NEW.updated_at := now();
        END IF;
        RETURN NEW;
      END $$;
      DROP TRIGGER threads_updated_at ON threads;
      CREATE TRIGGER threads_updated_at BEFORE UPDATE ON threads FOR EACH ROW EXECUTE FUNCTION threads_set_updated_at();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER threads_updated_at ON threads;
      CREATE TRIGGER threads_updated_at BEFORE UPDATE ON threads FOR EACH ROW EXECUTE FUNCTION set_updated_at();
      DROP FUNCTION threads_set_updated_at();
      DROP INDEX threads_brand_case_check_idx;
    `);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `threads_set_updated_at` (1795253215260) keeps `updated_at` still when only `dfo_case_checked_at` moved. It compared
 * the rows as jsonb, which builds two jsonb documents on every thread update; the inbound path updates a thread per
 * message, and that was the costliest part of the statement. This does the same comparison on the row values:
 * a copy of NEW with the two ignored columns taken from OLD, compared with OLD. Same behaviour, a fraction of the
 * cost. (Every column of `threads` has an equality operator, which the comparison needs.)
 */
export class SpeedUpThreadsUpdatedAt1796534441137 implements MigrationInterface {
  name = 'SpeedUpThreadsUpdatedAt1796534441137';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION threads_set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        unchanged threads;
      BEGIN
        unchanged := NEW;
        unchanged.dfo_case_checked_at := OLD.dfo_case_checked_at;
        unchanged.updated_at := OLD.updated_at;
        IF unchanged IS NOT DISTINCT FROM OLD THEN
          NEW.updated_at := OLD.updated_at;
        ELSE
          NEW.updated_at := now();
        END IF;
        RETURN NEW;
      END $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION threads_set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (to_jsonb(NEW) - 'dfo_case_checked_at' - 'updated_at') = (to_jsonb(OLD) - 'dfo_case_checked_at' - 'updated_at') THEN
          NEW.updated_at := OLD.updated_at;
        ELSE
          NEW.updated_at := now();
        END IF;
        RETURN NEW;
      END $$;
    `);
  }
}

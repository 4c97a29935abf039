import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ids (`jti`) of one-time tokens that have been used: action-page form tokens and web chat stream tickets. A
 * token whose id is here is refused, so a copied form or URL cannot be replayed on any instance. A row is needed only
 * until its token expires (`expires_at`), after which the signature check refuses the token anyway; expired rows are
 * pruned as new ones arrive.
 */
export class CreateSpentTokens1796534749616 implements MigrationInterface {
  name = 'CreateSpentTokens1796534749616';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE spent_tokens (
        jti text PRIMARY KEY,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX spent_tokens_expires_idx ON spent_tokens (expires_at);
      CREATE TRIGGER spent_tokens_updated_at BEFORE UPDATE ON spent_tokens FOR EACH ROW EXECUTE FUNCTION set_updated_at();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE spent_tokens;`);
  }
}

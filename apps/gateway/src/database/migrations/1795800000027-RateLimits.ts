import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rate limiter's windows, shared by every gateway replica (限流, issue 27). UNLOGGED: written
 * on every limited request, never worth a WAL record; a crash only resets the windows.
 */
export class RateLimits1795800000027 implements MigrationInterface {
  name = 'RateLimits1795800000027';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE gateway.rate_limits (
        key text PRIMARY KEY,
        hits integer NOT NULL,
        resets_at timestamptz NOT NULL
      ) WITH (fillfactor = 70)`);
    await q.query(`CREATE INDEX rate_limits_resets_at_idx ON gateway.rate_limits (resets_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE gateway.rate_limits`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions (issue 20 item 7): a login opens one; its access tokens carry its id (`sid`) and stop
 * when it is revoked (logout, the account disabled or its password reset); its refresh token (only
 * a SHA-256 kept) is rotated on every use, and a rotated one used again revokes the session.
 */
export class Sessions1795820000320 implements MigrationInterface {
  name = 'Sessions1795820000320';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE gateway.sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id uuid NOT NULL REFERENCES gateway.accounts (id) ON DELETE CASCADE,
        refresh_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        ip text
      )`);
    await q.query(`CREATE INDEX sessions_account_idx ON gateway.sessions (account_id) WHERE revoked_at IS NULL`);
    await q.query(`CREATE INDEX sessions_expires_idx ON gateway.sessions (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE gateway.sessions`);
  }
}

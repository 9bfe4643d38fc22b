import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The security administrator's failed logins are counted per address (issue 20 item 7): an
 * attacker who fails his logins locks only the address he fails from, for LOGIN_LOCK_SECONDS, and
 * never the account, so no one can lock the security admin out for good (nobody could unlock him).
 */
export class LoginLocksByAddress1795820000120 implements MigrationInterface {
  name = 'LoginLocksByAddress1795820000120';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE gateway.login_failures (
        account_id uuid NOT NULL REFERENCES gateway.accounts (id) ON DELETE CASCADE,
        ip text NOT NULL,
        failures int NOT NULL,
        locked_until timestamptz,
        last_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (account_id, ip)
      )`);
    await q.query(`CREATE INDEX login_failures_last_idx ON gateway.login_failures (last_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE gateway.login_failures`);
  }
}

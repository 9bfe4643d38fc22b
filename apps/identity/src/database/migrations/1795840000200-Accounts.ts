import { MigrationInterface, QueryRunner } from 'typeorm';

const ROLES = `'admin','district_viewer','street_commander','unit_member','department_liaison','grid_worker','auditor','security_admin','community_station'`;
const TABLES = ['accounts', 'api_keys', 'login_failures', 'sessions'];

/**
 * Accounts (账号), platforms' API keys, login failures per address and sessions, in the identity
 * service's schema. On a database where the gateway held them (its migrations Init …
 * Sessions1795820000320 all applied) they are moved as they are, with `ALTER TABLE … SET SCHEMA`
 * (rows, ids, password hashes, locks, live sessions, constraints and indexes); on a fresh database
 * they are created. The gateway's AccountsMovedToIdentity drops the leftovers of its history when
 * identity migrated first, and its live-feed tickets' foreign key to the accounts.
 */
export class Accounts1795840000200 implements MigrationInterface {
  name = 'Accounts1795840000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$ BEGIN
        IF to_regclass('identity.accounts') IS NULL AND to_regclass('gateway.sessions') IS NOT NULL THEN
          IF EXISTS (SELECT 1 FROM gateway.migrations WHERE name = 'Sessions1795820000320') THEN
            ${TABLES.map((t) => `ALTER TABLE gateway.${t} SET SCHEMA identity;`).join('\n            ')}
          END IF;
        END IF;
      END $$`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS identity.accounts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL UNIQUE,
        display_name text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL,
        unit text,
        department_id uuid,
        scope text NOT NULL,
        failed_logins int NOT NULL DEFAULT 0,
        locked_until timestamptz,
        disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT accounts_role_chk CHECK (role IN (${ROLES})),
        CONSTRAINT accounts_unit_chk CHECK ((role = 'unit_member') = (unit IS NOT NULL)),
        CONSTRAINT accounts_department_chk CHECK (role <> 'department_liaison' OR department_id IS NOT NULL)
      )`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS identity.api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        key_hash text NOT NULL UNIQUE,
        scope text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    // 5 failures lock that address (the security admin's: nobody may unlock him), never his account
    await q.query(`
      CREATE TABLE IF NOT EXISTS identity.login_failures (
        account_id uuid NOT NULL REFERENCES identity.accounts (id) ON DELETE CASCADE,
        ip text NOT NULL,
        failures int NOT NULL,
        locked_until timestamptz,
        last_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (account_id, ip)
      )`);
    await q.query(`CREATE INDEX IF NOT EXISTS login_failures_last_idx ON identity.login_failures (last_at)`);
    // a refresh token is `<session id>.<secret>`, only the secret's SHA-256 kept
    await q.query(`
      CREATE TABLE IF NOT EXISTS identity.sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id uuid NOT NULL REFERENCES identity.accounts (id) ON DELETE CASCADE,
        refresh_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        ip text
      )`);
    await q.query(`CREATE INDEX IF NOT EXISTS sessions_account_idx ON identity.sessions (account_id) WHERE revoked_at IS NULL`);
    await q.query(`CREATE INDEX IF NOT EXISTS sessions_expires_idx ON identity.sessions (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [...TABLES].reverse()) await q.query(`DROP TABLE IF EXISTS identity.${t}`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/** Accounts, API keys and the append-only audit log of the gateway. */
export class Init1795300000000 implements MigrationInterface {
  name = 'Init1795300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE gateway.accounts (
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
        CONSTRAINT accounts_role_chk CHECK (role IN ('admin','district_viewer','street_commander','unit_member','department_liaison','grid_worker','auditor')),
        CONSTRAINT accounts_unit_chk CHECK ((role = 'unit_member') = (unit IS NOT NULL)),
        CONSTRAINT accounts_department_chk CHECK (role <> 'department_liaison' OR department_id IS NOT NULL)
      )`);
    await q.query(`
      CREATE TABLE gateway.api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        key_hash text NOT NULL UNIQUE,
        scope text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE gateway.audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid,
        actor_name text,
        action text NOT NULL,
        target text,
        result text NOT NULL CHECK (result IN ('ok','denied','failed')),
        ip text,
        details jsonb
      )`);
    await q.query(`CREATE INDEX audit_log_at_idx ON gateway.audit_log (at)`);
    await q.query(`CREATE INDEX audit_log_actor_idx ON gateway.audit_log (actor_id, at)`);
    // Append-only: nobody, not even the app's own role, rewrites the record.
    await q.query(`
      CREATE FUNCTION gateway.audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_no_rewrite BEFORE UPDATE OR DELETE ON gateway.audit_log
      FOR EACH ROW EXECUTE FUNCTION gateway.audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE gateway.audit_log`);
    await q.query(`DROP FUNCTION gateway.audit_log_append_only()`);
    await q.query(`DROP TABLE gateway.api_keys`);
    await q.query(`DROP TABLE gateway.accounts`);
  }
}

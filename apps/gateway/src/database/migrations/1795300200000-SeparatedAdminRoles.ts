import { MigrationInterface, QueryRunner } from 'typeorm';

const ROLES_BEFORE = `'admin','district_viewer','street_commander','unit_member','department_liaison','grid_worker','auditor'`;

/**
 * MLPS level 3 (等保三级) separation of duties: the security administrator (安全管理员) joins the
 * system administrator and the auditor as an account role. The audit log gets an index for the
 * auditor's action filter, and a retention path: rows younger than 180 days can never be deleted;
 * older ones only through `gateway.prune_audit_log(keep_days)`, a SECURITY DEFINER function the
 * application role is not granted (see docs/security.md).
 */
export class SeparatedAdminRoles1795300200000 implements MigrationInterface {
  name = 'SeparatedAdminRoles1795300200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE gateway.accounts DROP CONSTRAINT accounts_role_chk`);
    await q.query(`ALTER TABLE gateway.accounts ADD CONSTRAINT accounts_role_chk CHECK (role IN (${ROLES_BEFORE},'security_admin'))`);
    await q.query(`CREATE INDEX audit_log_action_idx ON gateway.audit_log (action, at)`);
    // UPDATE is always refused; DELETE only inside the pruning function (which sets a transaction-
    // local flag) and only of rows older than 180 days, whoever sets the flag.
    await q.query(`
      CREATE OR REPLACE FUNCTION gateway.audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('grid122.audit_prune', true) = 'on' AND OLD.at < now() - interval '180 days' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`);
    await q.query(`
      CREATE FUNCTION gateway.prune_audit_log(keep_days int) RETURNS bigint
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = gateway, pg_temp AS $$
      DECLARE n bigint;
      BEGIN
        IF keep_days IS NULL OR keep_days < 180 THEN
          RAISE EXCEPTION 'audit entries are kept at least 180 days (asked to keep %)', keep_days;
        END IF;
        PERFORM set_config('grid122.audit_prune', 'on', true);
        DELETE FROM gateway.audit_log WHERE at < now() - make_interval(days => keep_days);
        GET DIAGNOSTICS n = ROW_COUNT;
        PERFORM set_config('grid122.audit_prune', 'off', true);
        RETURN n;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION gateway.prune_audit_log(int) FROM PUBLIC`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION gateway.prune_audit_log(int)`);
    await q.query(`
      CREATE OR REPLACE FUNCTION gateway.audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`);
    await q.query(`DROP INDEX gateway.audit_log_action_idx`);
    await q.query(`DELETE FROM gateway.accounts WHERE role = 'security_admin'`);
    await q.query(`ALTER TABLE gateway.accounts DROP CONSTRAINT accounts_role_chk`);
    await q.query(`ALTER TABLE gateway.accounts ADD CONSTRAINT accounts_role_chk CHECK (role IN (${ROLES_BEFORE}))`);
  }
}

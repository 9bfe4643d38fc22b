import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log's append-only trigger fires per row, so TRUNCATE (a statement, no rows) went
 * around it: a statement trigger now refuses it for every role, the table's owner included.
 */
export class AuditLogNoTruncate1795300300000 implements MigrationInterface {
  name = 'AuditLogNoTruncate1795300300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION gateway.audit_log_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only: TRUNCATE is refused'; END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON gateway.audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION gateway.audit_log_no_truncate()`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON gateway.audit_log FROM PUBLIC`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER audit_log_no_truncate ON gateway.audit_log`);
    await q.query(`DROP FUNCTION gateway.audit_log_no_truncate()`);
  }
}

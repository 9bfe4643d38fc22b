import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log belongs to the identity service now (its migration AuditLog1795840000100 moves the
 * gateway's tables, rows and chain into schema identity). On a fresh database where identity
 * migrated first, the gateway's older migrations (kept as history) made empty audit tables again:
 * they are dropped here, never one holding a row.
 */
export class AuditLogMovedToIdentity1795840000110 implements MigrationInterface {
  name = 'AuditLogMovedToIdentity1795840000110';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$ BEGIN
        IF to_regclass('identity.audit_log') IS NOT NULL AND to_regclass('gateway.audit_log') IS NOT NULL THEN
          IF EXISTS (SELECT 1 FROM gateway.audit_log) THEN
            RAISE NOTICE 'gateway.audit_log holds entries beside identity.audit_log: left for an operator';
          ELSE
            DROP TABLE gateway.audit_log;
            DROP TABLE IF EXISTS gateway.audit_chain_head;
            DROP FUNCTION IF EXISTS gateway.audit_log_chain();
            DROP FUNCTION IF EXISTS gateway.prune_audit_log(int);
            DROP FUNCTION IF EXISTS gateway.audit_log_no_truncate();
            DROP FUNCTION IF EXISTS gateway.audit_log_append_only();
            DROP FUNCTION IF EXISTS gateway.audit_entry_hash(text, bigint, timestamptz, uuid, text, text, text, text, text, jsonb);
          END IF;
        END IF;
      END $$`);
  }

  async down(): Promise<void> {
    // Nothing to restore: the log lives in schema identity.
  }
}

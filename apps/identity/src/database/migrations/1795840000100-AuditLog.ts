import { MigrationInterface, QueryRunner } from 'typeorm';
import { createIdempotencyRequests, dropIdempotencyRequests } from '@grid122/messaging';

/** The content of one audit entry as hashed: an unambiguous JSON array (jsonb text is canonical); the gateway's function, unchanged, so the chain moved here still verifies. */
const ENTRY_HASH = `
  CREATE OR REPLACE FUNCTION identity.audit_entry_hash(prev text, seq bigint, at timestamptz, actor_id uuid, actor_name text, action text, target text, result text, ip text, details jsonb)
  RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(convert_to(jsonb_build_array(prev, seq, (extract(epoch FROM at) * 1000000)::bigint, actor_id, actor_name, action, target, result, ip, details)::text, 'UTF8')), 'hex')
  $$`;

/**
 * The tamper-evident audit log (安全审计) in the identity service's schema. On a database where the
 * gateway held it (its migrations Init, SeparatedAdminRoles, AuditLogNoTruncate,
 * AccountsApiAuditChain), the tables are moved as they are — rows, seq, hashes, ids, indexes, the
 * chain head — with `ALTER TABLE … SET SCHEMA`, so the chain still verifies across the move; on a
 * fresh database they are created empty with the head at seq 0. Either way the functions and
 * triggers are (re)made here, naming identity's tables, and the gateway's are dropped:
 * - `audit_log_chain` (BEFORE INSERT, SECURITY DEFINER): seq, prev_hash and hash under the chain
 *   head's row lock, held until the inserting transaction ends;
 * - `audit_log_no_rewrite` (UPDATE, DELETE) and `audit_log_no_truncate` (TRUNCATE): refused for
 *   every role, the owner's included; DELETE only inside `prune_audit_log(keep_days ≥ 180)` of
 *   rows older than 180 days (SECURITY DEFINER, EXECUTE revoked from PUBLIC: operations' role only).
 * The application role's rights (INSERT and SELECT only) are granted after migrating
 * (`grantAppRole`, APP_ROLE_LIMITS.identity).
 */
export class AuditLog1795840000100 implements MigrationInterface {
  name = 'AuditLog1795840000100';

  async up(q: QueryRunner): Promise<void> {
    await createIdempotencyRequests(q, 'identity');
    await q.query(`
      DO $$ BEGIN
        -- only a log the gateway finished chaining (its migration recorded): a gateway still migrating a
        -- fresh database keeps its empty tables, which its own AuditLogMovedToIdentity drops
        IF to_regclass('identity.audit_log') IS NULL AND to_regclass('gateway.audit_log') IS NOT NULL AND to_regclass('gateway.audit_chain_head') IS NOT NULL THEN
          IF EXISTS (SELECT 1 FROM gateway.migrations WHERE name = 'AccountsApiAuditChain1795810000020') THEN
            ALTER TABLE gateway.audit_log SET SCHEMA identity;
            ALTER TABLE gateway.audit_chain_head SET SCHEMA identity;
          END IF;
        END IF;
      END $$`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS identity.audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid,
        actor_name text,
        action text NOT NULL,
        target text,
        result text NOT NULL CHECK (result IN ('ok','denied','failed')),
        ip text,
        details jsonb,
        seq bigint NOT NULL,
        prev_hash text,
        hash text NOT NULL
      )`);
    await q.query(`CREATE INDEX IF NOT EXISTS audit_log_at_idx ON identity.audit_log (at)`);
    await q.query(`CREATE INDEX IF NOT EXISTS audit_log_actor_idx ON identity.audit_log (actor_id, at)`);
    await q.query(`CREATE INDEX IF NOT EXISTS audit_log_action_idx ON identity.audit_log (action, at)`);
    await q.query(`CREATE UNIQUE INDEX IF NOT EXISTS audit_log_seq_idx ON identity.audit_log (seq)`);
    await q.query(`CREATE TABLE IF NOT EXISTS identity.audit_chain_head (id int PRIMARY KEY CHECK (id = 1), seq bigint NOT NULL, hash text)`);
    await q.query(`INSERT INTO identity.audit_chain_head (id, seq, hash) VALUES (1, 0, NULL) ON CONFLICT (id) DO NOTHING`);

    await q.query(ENTRY_HASH);
    await q.query(`
      CREATE OR REPLACE FUNCTION identity.audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('grid122.audit_prune', true) = 'on' AND OLD.at < now() - interval '180 days' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION identity.audit_log_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only: TRUNCATE is refused'; END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION identity.audit_log_chain() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = identity, pg_temp AS $$
      DECLARE head record;
      BEGIN
        SELECT seq, hash INTO head FROM identity.audit_chain_head WHERE id = 1 FOR UPDATE;
        NEW.seq := head.seq + 1;
        NEW.prev_hash := head.hash;
        NEW.hash := identity.audit_entry_hash(NEW.prev_hash, NEW.seq, NEW.at, NEW.actor_id, NEW.actor_name, NEW.action, NEW.target, NEW.result, NEW.ip, NEW.details);
        UPDATE identity.audit_chain_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION identity.prune_audit_log(keep_days int) RETURNS bigint
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = identity, pg_temp AS $$
      DECLARE n bigint;
      BEGIN
        IF keep_days IS NULL OR keep_days < 180 THEN
          RAISE EXCEPTION 'audit entries are kept at least 180 days (asked to keep %)', keep_days;
        END IF;
        PERFORM set_config('grid122.audit_prune', 'on', true);
        DELETE FROM identity.audit_log WHERE at < now() - make_interval(days => keep_days);
        GET DIAGNOSTICS n = ROW_COUNT;
        PERFORM set_config('grid122.audit_prune', 'off', true);
        RETURN n;
      END $$`);
    // The triggers the table brought from the gateway name the gateway's functions: made again on identity's.
    for (const t of ['audit_log_no_rewrite', 'audit_log_no_truncate', 'audit_log_chain']) await q.query(`DROP TRIGGER IF EXISTS ${t} ON identity.audit_log`);
    await q.query(`CREATE TRIGGER audit_log_no_rewrite BEFORE UPDATE OR DELETE ON identity.audit_log FOR EACH ROW EXECUTE FUNCTION identity.audit_log_append_only()`);
    await q.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON identity.audit_log FOR EACH STATEMENT EXECUTE FUNCTION identity.audit_log_no_truncate()`);
    await q.query(`CREATE TRIGGER audit_log_chain BEFORE INSERT ON identity.audit_log FOR EACH ROW EXECUTE FUNCTION identity.audit_log_chain()`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON identity.audit_log FROM PUBLIC`);
    await q.query(`REVOKE ALL ON TABLE identity.audit_chain_head FROM PUBLIC`);
    await q.query(`REVOKE ALL ON FUNCTION identity.audit_log_chain() FROM PUBLIC`);
    await q.query(`REVOKE ALL ON FUNCTION identity.prune_audit_log(int) FROM PUBLIC`);
    await q.query(`DROP FUNCTION IF EXISTS gateway.audit_log_chain()`);
    await q.query(`DROP FUNCTION IF EXISTS gateway.prune_audit_log(int)`);
    await q.query(`DROP FUNCTION IF EXISTS gateway.audit_log_no_truncate()`);
    await q.query(`DROP FUNCTION IF EXISTS gateway.audit_log_append_only()`);
    await q.query(`DROP FUNCTION IF EXISTS gateway.audit_entry_hash(text, bigint, timestamptz, uuid, text, text, text, text, text, jsonb)`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Back to a gateway-less history would need the gateway's functions again; the log itself is kept (append-only): only the idempotency table goes.
    await dropIdempotencyRequests(q, 'identity');
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';
import { createIdempotencyRequests, dropIdempotencyRequests } from '@grid122/messaging';

/** The content of one audit entry as hashed: an unambiguous JSON array (jsonb text is canonical). */
const ENTRY_HASH = `
  CREATE FUNCTION gateway.audit_entry_hash(prev text, seq bigint, at timestamptz, actor_id uuid, actor_name text, action text, target text, result text, ip text, details jsonb)
  RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(convert_to(jsonb_build_array(prev, seq, (extract(epoch FROM at) * 1000000)::bigint, actor_id, actor_name, action, target, result, ip, details)::text, 'UTF8')), 'hex')
  $$`;

/**
 * Issue 20 items 5 and 6: the system administrator's accounts API (its Idempotency-Keys in
 * `gateway.idempotency_requests`), and a tamper-evident audit log. Every entry carries `seq`, the
 * hash of the entry before it (`prev_hash`) and its own `hash` = sha256 of (prev_hash, seq, at,
 * actor, action, target, result, ip, details). A BEFORE INSERT trigger assigns them under a row
 * lock on `gateway.audit_chain_head`, held until the inserting transaction ends, so concurrent
 * writers chain one after the other in commit order with no gap (a rolled-back insert rolls back
 * its head move too). The head (last seq and hash) is written only by the trigger (SECURITY
 * DEFINER, owned by the migration role), so cutting the newest entries off shows too.
 */
export class AccountsApiAuditChain1795810000020 implements MigrationInterface {
  name = 'AccountsApiAuditChain1795810000020';

  async up(q: QueryRunner): Promise<void> {
    await createIdempotencyRequests(q, 'gateway');
    await q.query(`ALTER TABLE gateway.audit_log ADD COLUMN seq bigint, ADD COLUMN prev_hash text, ADD COLUMN hash text`);
    await q.query(ENTRY_HASH);
    await q.query(`CREATE TABLE gateway.audit_chain_head (id int PRIMARY KEY CHECK (id = 1), seq bigint NOT NULL, hash text)`);
    // The entries written before the chain: chained in id order, once.
    await q.query(`ALTER TABLE gateway.audit_log DISABLE TRIGGER audit_log_no_rewrite`);
    await q.query(`
      DO $$
      DECLARE r record; p text; h text := NULL; n bigint := 0;
      BEGIN
        FOR r IN SELECT * FROM gateway.audit_log ORDER BY id LOOP
          n := n + 1;
          p := h;
          h := gateway.audit_entry_hash(p, n, r.at, r.actor_id, r.actor_name, r.action, r.target, r.result, r.ip, r.details);
          UPDATE gateway.audit_log SET seq = n, prev_hash = p, hash = h WHERE id = r.id;
        END LOOP;
        INSERT INTO gateway.audit_chain_head (id, seq, hash) VALUES (1, n, h);
      END $$`);
    await q.query(`ALTER TABLE gateway.audit_log ENABLE TRIGGER audit_log_no_rewrite`);
    await q.query(`ALTER TABLE gateway.audit_log ALTER COLUMN seq SET NOT NULL, ALTER COLUMN hash SET NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX audit_log_seq_idx ON gateway.audit_log (seq)`);
    await q.query(`
      CREATE FUNCTION gateway.audit_log_chain() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = gateway, pg_temp AS $$
      DECLARE head record;
      BEGIN
        SELECT seq, hash INTO head FROM gateway.audit_chain_head WHERE id = 1 FOR UPDATE;
        NEW.seq := head.seq + 1;
        NEW.prev_hash := head.hash;
        NEW.hash := gateway.audit_entry_hash(NEW.prev_hash, NEW.seq, NEW.at, NEW.actor_id, NEW.actor_name, NEW.action, NEW.target, NEW.result, NEW.ip, NEW.details);
        UPDATE gateway.audit_chain_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1;
        RETURN NEW;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION gateway.audit_log_chain() FROM PUBLIC`);
    await q.query(`REVOKE ALL ON TABLE gateway.audit_chain_head FROM PUBLIC`);
    await q.query(`CREATE TRIGGER audit_log_chain BEFORE INSERT ON gateway.audit_log FOR EACH ROW EXECUTE FUNCTION gateway.audit_log_chain()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER audit_log_chain ON gateway.audit_log`);
    await q.query(`DROP FUNCTION gateway.audit_log_chain()`);
    await q.query(`DROP TABLE gateway.audit_chain_head`);
    await q.query(`DROP INDEX gateway.audit_log_seq_idx`);
    await q.query(`ALTER TABLE gateway.audit_log DROP COLUMN seq, DROP COLUMN prev_hash, DROP COLUMN hash`);
    await q.query(`DROP FUNCTION gateway.audit_entry_hash(text, bigint, timestamptz, uuid, text, text, text, text, text, jsonb)`);
    await dropIdempotencyRequests(q, 'gateway');
  }
}

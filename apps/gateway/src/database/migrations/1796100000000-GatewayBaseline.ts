import { MigrationInterface, QueryRunner } from 'typeorm';

/** The gateway's last migration before identity took the accounts and the audit log (commit 3de14ef): the oldest history this upgrades. */
const UPGRADE_FROM = 'Sessions1795820000320';

/**
 * The gateway's schema as it is (its history Init1795300000000 … AccountsMovedToIdentity1795840000210
 * squashed into this one, 2026-12): the rate limiter's windows (限流, issue 27), shared by every
 * replica — UNLOGGED: written on every limited request, a crash only resets the windows — and the
 * live feed's one-time tickets (only a ticket's SHA-256 kept; the account's id with no foreign key
 * into identity's schema). Accounts, sessions, API keys and the audit log are identity's, the
 * district's read model federation's: on a deployment upgraded from the gateway's older history
 * their migrations move or copy what the gateway's old tables hold, in either order
 * (docs/operations.md, "Upgrading"). Here such a deployment finds its two tables made, and loses the
 * tickets' foreign key to the accounts; a history older than UPGRADE_FROM is refused, since
 * identity would not move its accounts.
 */
export class GatewayBaseline1796100000000 implements MigrationInterface {
  name = 'GatewayBaseline1796100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM gateway.migrations WHERE name <> '${this.name}')
           AND NOT EXISTS (SELECT 1 FROM gateway.migrations WHERE name = '${UPGRADE_FROM}') THEN
          RAISE EXCEPTION 'the gateway''s schema lacks migration ${UPGRADE_FROM}: migrate once with a grid122 from before the squash (any commit since 3de14ef) first (docs/operations.md, Upgrading)';
        END IF;
      END $$`);
    await q.query(`
      CREATE UNLOGGED TABLE IF NOT EXISTS gateway.rate_limits (
        key text PRIMARY KEY,
        hits integer NOT NULL,
        resets_at timestamptz NOT NULL
      ) WITH (fillfactor = 70)`);
    await q.query(`CREATE INDEX IF NOT EXISTS rate_limits_resets_at_idx ON gateway.rate_limits (resets_at)`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS gateway.stream_tickets (
        ticket_hash text PRIMARY KEY,
        account_id uuid NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`ALTER TABLE gateway.stream_tickets DROP CONSTRAINT IF EXISTS stream_tickets_account_id_fkey`);
    await q.query(`CREATE INDEX IF NOT EXISTS stream_tickets_expires_idx ON gateway.stream_tickets (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS gateway.stream_tickets`);
    await q.query(`DROP TABLE IF EXISTS gateway.rate_limits`);
  }
}

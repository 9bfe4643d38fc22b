import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts, API keys, login failures and sessions belong to the identity service now (its
 * migration Accounts1795840000200 moves them with every row). The live-feed tickets keep the
 * account's id without a foreign key into another service's schema; and on a fresh database where
 * identity migrated first, the empty tables the gateway's older migrations made again are dropped
 * (never one holding a row).
 */
export class AccountsMovedToIdentity1795840000210 implements MigrationInterface {
  name = 'AccountsMovedToIdentity1795840000210';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE gateway.stream_tickets DROP CONSTRAINT IF EXISTS stream_tickets_account_id_fkey`);
    await q.query(`
      DO $$ BEGIN
        IF to_regclass('identity.accounts') IS NOT NULL AND to_regclass('gateway.accounts') IS NOT NULL THEN
          IF EXISTS (SELECT 1 FROM gateway.accounts) OR EXISTS (SELECT 1 FROM gateway.api_keys) THEN
            RAISE NOTICE 'gateway.accounts or api_keys hold rows beside identity.accounts: left for an operator';
          ELSE
            DROP TABLE gateway.sessions, gateway.login_failures, gateway.api_keys, gateway.accounts;
          END IF;
        END IF;
      END $$`);
  }

  async down(): Promise<void> {
    // Nothing to restore: the accounts live in schema identity.
  }
}

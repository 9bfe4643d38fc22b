import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Residents' points (居民积分, #25 item 5): a resident (not only a registered volunteer) holds points
 * awarded by the community for participation and exchanges them at the love supermarket. The
 * resident's own row carries the balance (same conditional-UPDATE guard as volunteers), the
 * ledger and the exchanges name either a volunteer or a resident, never both.
 */
export class ResidentPoints1795830000025 implements MigrationInterface {
  name = 'ResidentPoints1795830000025';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE social.resident_holders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        phone_enc text,
        phone_hash text,
        grid_path ltree NOT NULL,
        points_balance int NOT NULL DEFAULT 0 CHECK (points_balance >= 0),
        points_earned int NOT NULL DEFAULT 0 CHECK (points_earned >= 0),
        points_spent int NOT NULL DEFAULT 0 CHECK (points_spent >= 0),
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX resident_holders_phone_uq ON social.resident_holders (phone_hash, grid_path) WHERE phone_hash IS NOT NULL`);
    await q.query(`CREATE INDEX resident_holders_grid_idx ON social.resident_holders USING gist (grid_path)`);
    await q.query(`ALTER TABLE social.points_ledger ALTER COLUMN volunteer_id DROP NOT NULL`);
    await q.query(`ALTER TABLE social.points_ledger ADD COLUMN resident_id uuid REFERENCES social.resident_holders (id) ON DELETE CASCADE`);
    await q.query(`ALTER TABLE social.points_ledger ADD COLUMN activity_date date`);
    await q.query(`ALTER TABLE social.points_ledger ADD CONSTRAINT points_ledger_holder_chk CHECK (num_nonnulls(volunteer_id, resident_id) = 1)`);
    await q.query(`CREATE INDEX points_ledger_resident_idx ON social.points_ledger (resident_id, created_at DESC) WHERE resident_id IS NOT NULL`);
    await q.query(`ALTER TABLE social.exchanges ALTER COLUMN volunteer_id DROP NOT NULL`);
    await q.query(`ALTER TABLE social.exchanges ADD COLUMN resident_id uuid REFERENCES social.resident_holders (id)`);
    await q.query(`ALTER TABLE social.exchanges ADD CONSTRAINT exchanges_holder_chk CHECK (num_nonnulls(volunteer_id, resident_id) = 1)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM social.exchanges WHERE resident_id IS NOT NULL`);
    await q.query(`DELETE FROM social.points_ledger WHERE resident_id IS NOT NULL`);
    await q.query(`ALTER TABLE social.exchanges DROP CONSTRAINT exchanges_holder_chk, DROP COLUMN resident_id, ALTER COLUMN volunteer_id SET NOT NULL`);
    await q.query(`ALTER TABLE social.points_ledger DROP CONSTRAINT points_ledger_holder_chk, DROP COLUMN activity_date, DROP COLUMN resident_id, ALTER COLUMN volunteer_id SET NOT NULL`);
    await q.query(`DROP TABLE social.resident_holders`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public update feed (Open311 `servicerequestupdates`) reads history by time window:
 * (at, incident_id, seq) serves a 2-hour window of a busy city as one index range scan in the
 * feed's own keyset order. A "me too" duplicate finds its original's entries through
 * duplicate_of. A resident's comment is recorded once per client and client-side id.
 */
export class IncidentHistoryWindow1795710000000 implements MigrationInterface {
  name = 'IncidentHistoryWindow1795710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "incident_history_at_idx" ON "office"."incident_history" ("at", "incident_id", "seq")`);
    await q.query(`CREATE INDEX "incidents_duplicate_of_idx" ON "office"."incidents" ("duplicate_of") WHERE "duplicate_of" IS NOT NULL`);
    await q.query(`
      CREATE UNIQUE INDEX "incident_history_comment_once_idx" ON "office"."incident_history" ("incident_id", ((data->>'client')), ((data->>'externalUpdateId')))
      WHERE "action" = 'comment'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "office"."incident_history_comment_once_idx"`);
    await q.query(`DROP INDEX IF EXISTS "office"."incidents_duplicate_of_idx"`);
    await q.query(`DROP INDEX IF EXISTS "office"."incident_history_at_idx"`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One live case per office incident holds for the cases a dispatch opens (origin 'incident'): a
 * redelivered or repeated dispatch never opens a second one. Patrol cases are not limited: two
 * findings of one problem are two cases that both follow the one incident (the second finding's
 * office incident is a "me too" duplicate of the first).
 */
export class CaseIncidentLinkPerOrigin1795660000000 implements MigrationInterface {
  name = 'CaseIncidentLinkPerOrigin1795660000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "enforcement"."cases_incident_live_uq"`);
    await q.query(
      `CREATE UNIQUE INDEX "cases_incident_live_uq" ON "enforcement"."cases" ("incident_id") WHERE "incident_id" IS NOT NULL AND "state" <> 'returned' AND "origin" = 'incident'`,
    );
    await q.query(`CREATE INDEX "cases_incident_idx" ON "enforcement"."cases" ("incident_id") WHERE "incident_id" IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "enforcement"."cases_incident_idx"`);
    await q.query(`DROP INDEX "enforcement"."cases_incident_live_uq"`);
    // Fails (as it must) while two live cases follow one incident: unlink the later ones first.
    await q.query(`CREATE UNIQUE INDEX "cases_incident_live_uq" ON "enforcement"."cases" ("incident_id") WHERE "incident_id" IS NOT NULL AND "state" <> 'returned'`);
  }
}

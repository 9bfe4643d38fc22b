import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fewer index insertions per incident (issue 27 item 4; docs/performance.md section 14):
 *
 * - The list's state filter (案件状态筛选) index holds every state but `closed` (办结). A closed
 *   incident — most of a city's ledger and nearly every row of a bulk import (历史导入) — no longer
 *   pays for an insertion at a random page of a B-tree the size of the table (~1 page read from
 *   outside shared_buffers and ~1 full-page image in the WAL per row at city scale). The closed
 *   ones need no index of their own: they are most rows, so walking the list indexes newest first
 *   (`incidents_reported_idx`, the street's `incidents_street_reported_idx`) fills a page at once.
 *   Every other state, rare ones included, is still found here, now in the list's full order
 *   (reported_at, id) so no sort follows.
 * - The unit's and the department's (unit, reported_at) / (department_id, reported_at) indexes
 *   served no statement: every predicate on them is an OR with the lead unit and the assisting
 *   units (the list's scope, the queue), which no index covers, so the planner never used them
 *   while every dispatch wrote to them.
 *
 * Plan tests: apps/office/test/query-plans.e2e-spec.ts.
 */
export class IncidentIndexesNarrowed1795910000027 implements MigrationInterface {
  name = 'IncidentIndexesNarrowed1795910000027';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "incidents_state_not_closed_idx" ON "office"."incidents" ("state", "reported_at" DESC, "id" DESC) WHERE "state" <> 'closed'`);
    await q.query(`DROP INDEX IF EXISTS "office"."incidents_state_idx"`);
    await q.query(`DROP INDEX IF EXISTS "office"."incidents_unit_idx"`);
    await q.query(`DROP INDEX IF EXISTS "office"."incidents_department_idx"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "incidents_department_idx" ON "office"."incidents" ("department_id", "reported_at" DESC) WHERE "department_id" IS NOT NULL`);
    await q.query(`CREATE INDEX "incidents_unit_idx" ON "office"."incidents" ("unit", "reported_at" DESC) WHERE "unit" IS NOT NULL`);
    await q.query(`CREATE INDEX "incidents_state_idx" ON "office"."incidents" ("state", "reported_at" DESC)`);
    await q.query(`DROP INDEX IF EXISTS "office"."incidents_state_not_closed_idx"`);
  }
}

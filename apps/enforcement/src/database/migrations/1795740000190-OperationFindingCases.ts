import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A joint operation's violation at a place target opens an enforcement case (origin 'operation',
 * 联合执法发现), so the office takes the problem into its key-area ledger once, as any case the
 * team opens. The target keeps the case it opened (`found_case_id`, at most one per target).
 */
export class OperationFindingCases1795740000190 implements MigrationInterface {
  name = 'OperationFindingCases1795740000190';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "enforcement"."cases" DROP CONSTRAINT IF EXISTS "cases_origin_check"`);
    await q.query(`ALTER TABLE "enforcement"."cases" ADD CONSTRAINT "cases_origin_check" CHECK ("origin" IN ('incident', 'patrol', 'operation'))`);
    await q.query(`ALTER TABLE "enforcement"."operation_targets" ADD COLUMN "found_case_id" uuid REFERENCES "enforcement"."cases" ("id")`);
    await q.query(`CREATE UNIQUE INDEX "operation_targets_found_case_uq" ON "enforcement"."operation_targets" ("found_case_id") WHERE "found_case_id" IS NOT NULL`);
    // a target is an existing case or a place; only a place opens a case of its own
    await q.query(`ALTER TABLE "enforcement"."operation_targets" ADD CONSTRAINT "operation_targets_found_case_place" CHECK ("found_case_id" IS NULL OR "case_id" IS NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "enforcement"."operation_targets" DROP CONSTRAINT "operation_targets_found_case_place"`);
    await q.query(`DROP INDEX "enforcement"."operation_targets_found_case_uq"`);
    await q.query(`ALTER TABLE "enforcement"."operation_targets" DROP COLUMN "found_case_id"`);
    // Fails (as it must) while cases opened by operations exist.
    await q.query(`ALTER TABLE "enforcement"."cases" DROP CONSTRAINT "cases_origin_check"`);
    await q.query(`ALTER TABLE "enforcement"."cases" ADD CONSTRAINT "cases_origin_check" CHECK ("origin" IN ('incident', 'patrol'))`);
  }
}

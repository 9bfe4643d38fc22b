import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One index for an incident's reference in another system instead of two: (source_ref, source)
 * serves a lookup by both and the list's sourceRef filter alone, which needed
 * (source, source_ref) and (source_ref) before. Every imported row (all carry a reference) paid
 * for both; the bulk import's rate is bounded by index maintenance (docs/performance.md, bulk).
 */
export class IncidentSourceRefIndex1795640000100 implements MigrationInterface {
  name = 'IncidentSourceRefIndex1795640000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "incidents_source_ref_source_idx" ON "office"."incidents" ("source_ref", "source") WHERE "source_ref" IS NOT NULL`);
    await q.query(`DROP INDEX IF EXISTS "office"."incidents_source_ref_idx"`);
    await q.query(`DROP INDEX IF EXISTS "office"."incidents_source_ref_only_idx"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "incidents_source_ref_idx" ON "office"."incidents" ("source", "source_ref") WHERE "source_ref" IS NOT NULL`);
    await q.query(`CREATE INDEX "incidents_source_ref_only_idx" ON "office"."incidents" ("source_ref") WHERE "source_ref" IS NOT NULL`);
    await q.query(`DROP INDEX IF EXISTS "office"."incidents_source_ref_source_idx"`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_DISPATCH_RULES } from './dispatch-rules.defaults';

/**
 * 派遣建议 (issue 23, item 1): one dispatch rule per category — the unit of "122" to lead and the
 * district departments (registry codes) — seeded with the defaults and edited through
 * `PUT /api/v1/dispatch-rules/{category}` (admin, street commander).
 */
export class TriageDispatchRules1795770000201 implements MigrationInterface {
  name = 'TriageDispatchRules1795770000201';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "office"."dispatch_rules" (
        "category" text PRIMARY KEY REFERENCES "office"."categories"("code") ON DELETE CASCADE,
        "unit" text CHECK ("unit" IN ('organisation', 'petitions', 'social', 'enforcement')),
        "department_codes" text[] NOT NULL DEFAULT '{}',
        "edited" boolean NOT NULL DEFAULT false,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "updated_by" text
      )`);
    const rows = Object.entries(DEFAULT_DISPATCH_RULES).map(([category, r]) => ({ category, unit: r.unit, department_codes: r.departmentCodes }));
    await q.query(
      `INSERT INTO "office"."dispatch_rules" (category, unit, department_codes)
       SELECT r.category, r.unit, r.department_codes FROM jsonb_to_recordset($1::jsonb) AS r(category text, unit text, department_codes text[])
       WHERE EXISTS (SELECT 1 FROM "office"."categories" c WHERE c.code = r.category)`,
      [JSON.stringify(rows)],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "office"."dispatch_rules"`);
  }
}

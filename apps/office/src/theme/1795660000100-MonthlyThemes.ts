import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The month's themes (每月一题, issue 26): a category the commander adopts as a project for a
 * street (or district) — the places, owner, units and departments, the target and the deadline —
 * with the evidence it was proposed on. Its before/after figures are measured when read, from
 * office.category_daily (docs/hotspots.md).
 */
export class MonthlyThemes1795660000100 implements MigrationInterface {
  name = 'MonthlyThemes1795660000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "office"."themes" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "root" ltree NOT NULL,
        "month" date NOT NULL CHECK (extract(day FROM "month") = 1),
        "title" text NOT NULL,
        "category" text NOT NULL REFERENCES "office"."categories"("code"),
        "key_area" text NOT NULL,
        "places" ltree[] NOT NULL,
        "owner_name" text NOT NULL,
        "units" text[] NOT NULL DEFAULT '{}',
        "departments" text[] NOT NULL DEFAULT '{}',
        "target_reduction_pct" int NOT NULL CHECK ("target_reduction_pct" BETWEEN 1 AND 100),
        "deadline" date NOT NULL,
        "note" text,
        "evidence" jsonb,
        "adopted_by" text NOT NULL,
        "adopted_by_name" text,
        "adopted_at" timestamptz NOT NULL DEFAULT now(),
        UNIQUE ("root", "month", "category")
      )`);
    await q.query(`CREATE INDEX "themes_root_gist" ON "office"."themes" USING gist ("root")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "office"."themes"`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/** 双向选择 (issue 25): each side's choice of a grid post (grid head, seconded cadre), matched when both chose. */
export class DoubleSelections1795830000125 implements MigrationInterface {
  name = 'DoubleSelections1795830000125';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "registry"."double_selections" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "grid_id" uuid NOT NULL REFERENCES "registry"."grids"("id"),
        "grid_path" ltree NOT NULL,
        "staff_id" uuid NOT NULL REFERENCES "registry"."staff"("id"),
        "role" text NOT NULL CHECK ("role" IN ('grid_head', 'seconded_staff')),
        "cadre_chose_at" timestamptz,
        "grid_chose_at" timestamptz,
        "recorded_by" text NOT NULL,
        UNIQUE ("grid_id", "staff_id", "role"),
        CHECK ("cadre_chose_at" IS NOT NULL OR "grid_chose_at" IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX "double_selections_path_gix" ON "registry"."double_selections" USING gist ("grid_path")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "registry"."double_selections"`);
  }
}

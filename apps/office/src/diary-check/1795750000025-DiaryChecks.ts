import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 民情日志督查 (issue 25): spot-checks drawn at random each month, graded with a comment the grid
 * head sees, and the month's published review (通报讲评), once per root. A diary is checked at most
 * once; an author is found by `author_id` (the account, or the registry person for demo data).
 */
export class DiaryChecks1795750000025 implements MigrationInterface {
  name = 'DiaryChecks1795750000025';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "office"."diary_checks" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "diary_id" uuid NOT NULL UNIQUE REFERENCES "office"."diaries"("id") ON DELETE CASCADE,
        "month" text NOT NULL CHECK ("month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        "author_id" text NOT NULL,
        "author_name" text,
        "grid_path" ltree NOT NULL,
        "drawn_at" timestamptz NOT NULL DEFAULT now(),
        "drawn_by" text,
        "drawn_by_name" text,
        "grade" text CHECK ("grade" IN ('excellent', 'good', 'pass', 'fail')),
        "points" int CHECK ("points" BETWEEN 0 AND 100),
        "comment" text,
        "graded_at" timestamptz,
        "graded_by" text,
        "graded_by_name" text,
        CHECK (("grade" IS NULL) = ("graded_at" IS NULL) AND ("grade" IS NULL) = ("comment" IS NULL))
      )`);
    await q.query(`CREATE INDEX "diary_checks_month_author_idx" ON "office"."diary_checks" ("month", "author_id")`);
    await q.query(`CREATE INDEX "diary_checks_grid_path_gist" ON "office"."diary_checks" USING gist ("grid_path")`);
    await q.query(`CREATE INDEX "diaries_author_date_idx" ON "office"."diaries" ("author_id", "date")`);
    await q.query(`
      CREATE TABLE "office"."diary_reviews" (
        "month" text NOT NULL CHECK ("month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        "root" ltree NOT NULL,
        "published_at" timestamptz NOT NULL DEFAULT now(),
        "published_by" text NOT NULL,
        PRIMARY KEY ("month", "root")
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "office"."diary_reviews"`);
    await q.query(`DROP INDEX IF EXISTS "office"."diaries_author_date_idx"`);
    await q.query(`DROP TABLE IF EXISTS "office"."diary_checks"`);
  }
}

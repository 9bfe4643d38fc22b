import { MigrationInterface, QueryRunner } from 'typeorm';

/** Facts, indicators, plans (versioned), scores, surveys and the grid grades of appraisal. */
export class AppraisalModel1795300000100 implements MigrationInterface {
  name = 'AppraisalModel1795300000100';

  async up(q: QueryRunner): Promise<void> {
    // The raw facts, one per (event, indicator): recomputing a month from them gives the same
    // indicators, and a replayed event cannot add a second row.
    await q.query(`
      CREATE TABLE "appraisal"."indicator_facts" (
        "event_id" uuid NOT NULL,
        "indicator" text NOT NULL,
        "event_type" text NOT NULL,
        "month" date NOT NULL,
        "occurred_at" timestamptz NOT NULL,
        "grid_path" ltree,
        "person_id" uuid,
        "handler_id" uuid,
        "department_id" uuid,
        "unit" text,
        "key_area" text,
        "ref_id" text,
        "value" numeric(12,2) NOT NULL DEFAULT 1,
        PRIMARY KEY ("event_id", "indicator")
      )`);
    await q.query(`CREATE INDEX "indicator_facts_month_idx" ON "appraisal"."indicator_facts" ("month", "indicator")`);
    await q.query(`CREATE INDEX "indicator_facts_path_idx" ON "appraisal"."indicator_facts" USING gist ("grid_path")`);
    await q.query(`CREATE INDEX "indicator_facts_ref_idx" ON "appraisal"."indicator_facts" ("ref_id", "indicator", "occurred_at")`);
    await q.query(`CREATE INDEX "indicator_facts_person_idx" ON "appraisal"."indicator_facts" ("person_id", "month") WHERE person_id IS NOT NULL`);

    // The read model: per month, per person (uuid) and per grid (every ancestor path).
    await q.query(`
      CREATE TABLE "appraisal"."indicator_values" (
        "month" date NOT NULL,
        "subject_kind" text NOT NULL CHECK ("subject_kind" IN ('person', 'grid')),
        "subject" text NOT NULL,
        "indicator" text NOT NULL,
        "value" numeric(14,2) NOT NULL,
        PRIMARY KEY ("month", "subject_kind", "subject", "indicator")
      )`);
    await q.query(`CREATE INDEX "indicator_values_subject_idx" ON "appraisal"."indicator_values" ("subject_kind", "subject", "month")`);

    await q.query(`
      CREATE TABLE "appraisal"."appraisees" (
        "person_id" uuid PRIMARY KEY,
        "name" text NOT NULL,
        "kind" text NOT NULL CHECK ("kind" IN ('grid_worker', 'seconded')),
        "grid_path" ltree NOT NULL,
        "department_id" uuid,
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "appraisees_path_idx" ON "appraisal"."appraisees" USING gist ("grid_path")`);

    await q.query(`
      CREATE TABLE "appraisal"."grids" (
        "path" ltree PRIMARY KEY,
        "name" text,
        "grade" text NOT NULL DEFAULT 'B',
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);

    // Append-only plan versions: a month is scored with the version whose valid_from is the
    // latest on or before it.
    await q.query(`
      CREATE TABLE "appraisal"."score_plans" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "grade" text NOT NULL,
        "version" int NOT NULL,
        "valid_from" date NOT NULL CHECK (extract(day FROM "valid_from") = 1),
        "name" text NOT NULL,
        "note" text,
        "rules" jsonb NOT NULL,
        "satisfaction" jsonb NOT NULL,
        "tiers" jsonb NOT NULL,
        "excellent_min" numeric(5,2) NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "created_by" text NOT NULL,
        UNIQUE ("grade", "version"),
        UNIQUE ("grade", "valid_from")
      )`);

    await q.query(`
      CREATE TABLE "appraisal"."scores" (
        "month" date NOT NULL,
        "subject_kind" text NOT NULL CHECK ("subject_kind" IN ('person', 'grid')),
        "subject" text NOT NULL,
        "name" text NOT NULL,
        "grid_path" ltree NOT NULL,
        "person_kind" text,
        "department_id" uuid,
        "plan_id" uuid NOT NULL REFERENCES "appraisal"."score_plans" ("id"),
        "plan_grade" text NOT NULL,
        "plan_version" int NOT NULL,
        "total" numeric(6,2) NOT NULL,
        "outcome" numeric(6,2) NOT NULL,
        "satisfaction_points" numeric(6,2) NOT NULL,
        "satisfaction_rate" numeric(6,4) NOT NULL,
        "satisfaction_basis" text NOT NULL,
        "tier" smallint NOT NULL CHECK ("tier" BETWEEN 1 AND 5),
        "reward" int NOT NULL,
        "breakdown" jsonb NOT NULL,
        "indicators" jsonb NOT NULL,
        "computed_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("month", "subject_kind", "subject")
      )`);
    await q.query(`CREATE INDEX "scores_subject_idx" ON "appraisal"."scores" ("subject_kind", "subject", "month")`);
    await q.query(`CREATE INDEX "scores_path_idx" ON "appraisal"."scores" USING gist ("grid_path")`);

    await q.query(`
      CREATE TABLE "appraisal"."surveys" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "kind" text NOT NULL CHECK ("kind" IN ('return_visit', 'democratic')),
        "status" text NOT NULL CHECK ("status" IN ('pending', 'answered')),
        "source_event_id" uuid UNIQUE,
        "incident_id" uuid,
        "incident_code" text,
        "grid_path" ltree NOT NULL,
        "person_id" uuid,
        "handler_id" uuid,
        "unit" text,
        "department_id" uuid,
        "rating" smallint CHECK ("rating" BETWEEN 1 AND 5),
        "fixed" boolean,
        "comment" text,
        "rate" numeric(6,4),
        "half_year" text,
        "satisfied" int,
        "basically_satisfied" int,
        "dissatisfied" int,
        "month" date NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "answered_at" timestamptz,
        "answered_by" uuid
      )`);
    await q.query(`CREATE INDEX "surveys_path_idx" ON "appraisal"."surveys" USING gist ("grid_path")`);
    await q.query(`CREATE INDEX "surveys_month_idx" ON "appraisal"."surveys" ("kind", "month")`);
    await q.query(`CREATE INDEX "surveys_incident_idx" ON "appraisal"."surveys" ("incident_id")`);
    await q.query(`CREATE UNIQUE INDEX "surveys_democratic_uq" ON "appraisal"."surveys" ("grid_path", "half_year") WHERE kind = 'democratic'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "appraisal"."surveys"`);
    await q.query(`DROP TABLE IF EXISTS "appraisal"."scores"`);
    await q.query(`DROP TABLE IF EXISTS "appraisal"."score_plans"`);
    await q.query(`DROP TABLE IF EXISTS "appraisal"."grids"`);
    await q.query(`DROP TABLE IF EXISTS "appraisal"."appraisees"`);
    await q.query(`DROP TABLE IF EXISTS "appraisal"."indicator_values"`);
    await q.query(`DROP TABLE IF EXISTS "appraisal"."indicator_facts"`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The enforcement team's tables: target categories and their competent departments (reference
 * data, seeded here), cases, inspections, rectification notices, evidence (content-addressed),
 * the hash-chained action log (append-only, guarded by a trigger), and joint operations.
 */
const CATEGORIES: [string, string, string, string, number, string[]][] = [
  // code, zh, en, key area, comply days (整改期限), competent departments (code:name)
  ['illegal_production', '非法生产', 'Illegal production', 'illegal_production', 15, ['market_regulation:市场监管局', 'environmental_protection:环保局', 'emergency_management:应急管理局']],
  ['illegal_business', '非法经营', 'Illegal business', 'illegal_business', 7, ['market_regulation:市场监管局', 'urban_management:城管局', 'commerce:商务局']],
  ['illegal_construction', '非法建设', 'Illegal construction', 'illegal_construction', 7, ['urban_management:城管局', 'planning_resources:规划资源分局', 'housing_construction:住建局']],
  ['illegal_pyramid_selling', '非法传销', 'Illegal pyramid selling', 'illegal_business', 3, ['market_regulation:市场监管局', 'public_security:公安分局']],
  ['illegal_installation', '非法安装', 'Illegal installation', 'illegal_construction', 7, ['urban_management:城管局', 'culture_tourism:文旅局', 'housing_construction:住建局']],
  ['counterfeiting', '制假售假', 'Counterfeiting', 'illegal_production', 7, ['market_regulation:市场监管局', 'public_security:公安分局']],
  ['tax_evasion_fraud', '逃税骗税', 'Tax evasion / fraud', 'illegal_business', 30, ['taxation:税务局', 'public_security:公安分局']],
  ['pornography_drugs', '涉黄涉毒', 'Pornography and drugs', 'illegal_business', 1, ['public_security:公安分局', 'culture_tourism:文旅局']],
  ['obstructing_construction', '阻挠施工', 'Obstructing construction', 'illegal_construction', 3, ['public_security:公安分局', 'housing_construction:住建局']],
  ['black_workshop', '黑作坊', 'Black workshop', 'illegal_production', 7, ['market_regulation:市场监管局', 'environmental_protection:环保局', 'fire_rescue:消防救援大队']],
  ['black_agency', '黑中介', 'Black agency', 'illegal_business', 7, ['housing_administration:房产局', 'market_regulation:市场监管局', 'human_resources_social_security:人社局']],
  ['black_clinic', '黑诊所', 'Black clinic', 'illegal_business', 3, ['health:卫健委', 'market_regulation:市场监管局']],
  ['black_internet_cafe', '黑网吧', 'Black internet café', 'illegal_business', 3, ['culture_tourism:文旅局', 'public_security:公安分局', 'market_regulation:市场监管局']],
];

export class EnforcementCore1795300000100 implements MigrationInterface {
  name = 'EnforcementCore1795300000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "enforcement"."categories" (
        "code" text PRIMARY KEY,
        "label_zh" text NOT NULL,
        "label_en" text NOT NULL,
        "key_area" text NOT NULL,
        "comply_days" int NOT NULL CHECK ("comply_days" BETWEEN 1 AND 365),
        "sort" int NOT NULL
      )`);
    await q.query(`
      CREATE TABLE "enforcement"."competent_departments" (
        "category" text NOT NULL REFERENCES "enforcement"."categories" ("code") ON DELETE CASCADE,
        "department_code" text NOT NULL,
        "department_name" text NOT NULL,
        "department_id" uuid,
        "sort" int NOT NULL DEFAULT 0,
        PRIMARY KEY ("category", "department_code")
      )`);
    await q.query(`CREATE INDEX "competent_departments_department_idx" ON "enforcement"."competent_departments" ("department_id")`);
    for (const [i, [code, zh, en, keyArea, days, deps]] of CATEGORIES.entries()) {
      await q.query(`INSERT INTO "enforcement"."categories" (code, label_zh, label_en, key_area, comply_days, sort) VALUES ($1,$2,$3,$4,$5,$6)`, [code, zh, en, keyArea, days, i]);
      for (const [j, d] of deps.entries()) {
        const [dc, dn] = d.split(':');
        await q.query(`INSERT INTO "enforcement"."competent_departments" (category, department_code, department_name, sort) VALUES ($1,$2,$3,$4)`, [code, dc, dn, j]);
      }
    }

    await q.query(`CREATE SEQUENCE "enforcement"."case_ref_seq"`);
    await q.query(`CREATE SEQUENCE "enforcement"."notice_ref_seq"`);
    await q.query(`CREATE SEQUENCE "enforcement"."operation_ref_seq"`);

    await q.query(`
      CREATE TABLE "enforcement"."cases" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "ref" text NOT NULL UNIQUE,
        "incident_id" uuid,
        "origin" text NOT NULL CHECK ("origin" IN ('incident', 'patrol')),
        "title" text NOT NULL,
        "description" text NOT NULL,
        "category" text NOT NULL REFERENCES "enforcement"."categories" ("code"),
        "key_area" text NOT NULL,
        "state" text NOT NULL,
        "grid_path" ltree NOT NULL,
        "grid_id" uuid,
        "address" text,
        "point" geometry(Point, 4326),
        "subject_kind" text CHECK ("subject_kind" IN ('person', 'organisation')),
        "subject_name" text,
        "subject_representative" text,
        "subject_id_number_enc" text,
        "subject_id_number_hash" text,
        "subject_phone_enc" text,
        "subject_phone_hash" text,
        "finding" text CHECK ("finding" IN ('confirmed', 'not_confirmed')),
        "penalty_amount" numeric(14, 2),
        "legal_basis" text,
        "forced_measure" text,
        "forced_measure_note" text,
        "demolished_area_m2" numeric(12, 2),
        "referred_to" text,
        "closure_type" text,
        "opened_by_id" text,
        "opened_by_name" text,
        "opened_at" timestamptz NOT NULL DEFAULT now(),
        "handled_at" timestamptz,
        "closed_at" timestamptz,
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "cases_grid_path_idx" ON "enforcement"."cases" USING GIST ("grid_path")`);
    await q.query(`CREATE INDEX "cases_point_idx" ON "enforcement"."cases" USING GIST ("point")`);
    await q.query(`CREATE INDEX "cases_opened_idx" ON "enforcement"."cases" ("opened_at" DESC, "id" DESC)`);
    await q.query(`CREATE INDEX "cases_category_state_idx" ON "enforcement"."cases" ("category", "state")`);
    await q.query(`CREATE INDEX "cases_subject_id_hash_idx" ON "enforcement"."cases" ("subject_id_number_hash") WHERE "subject_id_number_hash" IS NOT NULL`);
    // One live case per office incident: a redelivered or repeated dispatch never opens a second one.
    await q.query(`CREATE UNIQUE INDEX "cases_incident_live_uq" ON "enforcement"."cases" ("incident_id") WHERE "incident_id" IS NOT NULL AND "state" <> 'returned'`);

    await q.query(`
      CREATE TABLE "enforcement"."evidence" (
        "case_id" uuid NOT NULL REFERENCES "enforcement"."cases" ("id"),
        "sha256" char(64) NOT NULL CHECK ("sha256" ~ '^[0-9a-f]{64}$'),
        "media_type" text NOT NULL,
        "size_bytes" int NOT NULL CHECK ("size_bytes" > 0 AND "size_bytes" <= 524288),
        "content" bytea NOT NULL,
        "caption" text,
        "uploaded_by_id" text NOT NULL,
        "uploaded_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("case_id", "sha256"),
        CHECK (octet_length("content") = "size_bytes")
      )`);

    await q.query(`
      CREATE TABLE "enforcement"."notices" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "ref" text NOT NULL UNIQUE,
        "case_id" uuid NOT NULL REFERENCES "enforcement"."cases" ("id"),
        "issued_at" timestamptz NOT NULL,
        "comply_by" timestamptz NOT NULL,
        "requirements" text NOT NULL,
        "legal_basis" text,
        "officers" jsonb NOT NULL,
        "status" text NOT NULL CHECK ("status" IN ('open', 'complied', 'escalated', 'closed')),
        "next_reinspection_at" timestamptz,
        "reinspections" int NOT NULL DEFAULT 0,
        "complied_at" timestamptz,
        CHECK ("comply_by" >= "issued_at")
      )`);
    await q.query(`CREATE INDEX "notices_case_idx" ON "enforcement"."notices" ("case_id")`);
    // The overdue list: open notices by their next re-inspection date.
    await q.query(`CREATE INDEX "notices_open_due_idx" ON "enforcement"."notices" ("next_reinspection_at") WHERE "status" = 'open'`);

    await q.query(`
      CREATE TABLE "enforcement"."inspections" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "case_id" uuid NOT NULL REFERENCES "enforcement"."cases" ("id"),
        "notice_id" uuid REFERENCES "enforcement"."notices" ("id"),
        "kind" text NOT NULL CHECK ("kind" IN ('inspection', 'reinspection')),
        "inspected_at" timestamptz NOT NULL,
        "officers" jsonb NOT NULL CHECK (jsonb_array_length("officers") >= 2),
        "finding" text,
        "result" text,
        "notes" text NOT NULL,
        "evidence" text[] NOT NULL DEFAULT '{}',
        "next_reinspection_at" timestamptz,
        "recorded_by_id" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "inspections_case_idx" ON "enforcement"."inspections" ("case_id", "inspected_at")`);
    await q.query(`CREATE INDEX "inspections_recent_idx" ON "enforcement"."inspections" ("inspected_at" DESC, "id" DESC)`);

    // The action log (执法全过程记录): append-only, each entry chained to the one before by sha256.
    await q.query(`
      CREATE TABLE "enforcement"."case_log" (
        "id" bigserial PRIMARY KEY,
        "case_id" uuid NOT NULL REFERENCES "enforcement"."cases" ("id"),
        "seq" int NOT NULL CHECK ("seq" >= 1),
        "action" text NOT NULL,
        "actor_id" text NOT NULL,
        "actor_name" text,
        "content" jsonb NOT NULL,
        "occurred_at" timestamptz NOT NULL,
        "prev_hash" char(64) NOT NULL,
        "hash" char(64) NOT NULL,
        UNIQUE ("case_id", "seq")
      )`);
    await q.query(`
      CREATE FUNCTION "enforcement"."case_log_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'enforcement.case_log is append-only: % refused (write a correction entry instead)', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    // BEFORE triggers fire for every role, the owner and superusers included; only ALTER TABLE
    // … DISABLE TRIGGER (itself a logged DDL) gets around them, and verify then finds the break.
    await q.query(`
      CREATE TRIGGER "case_log_no_update_delete" BEFORE UPDATE OR DELETE ON "enforcement"."case_log"
      FOR EACH ROW EXECUTE FUNCTION "enforcement"."case_log_refuse_change"()`);
    await q.query(`
      CREATE TRIGGER "case_log_no_truncate" BEFORE TRUNCATE ON "enforcement"."case_log"
      FOR EACH STATEMENT EXECUTE FUNCTION "enforcement"."case_log_refuse_change"()`);

    await q.query(`
      CREATE TABLE "enforcement"."operations" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "ref" text NOT NULL UNIQUE,
        "name" text NOT NULL,
        "description" text,
        "lead_unit" text NOT NULL,
        "commander_id" text NOT NULL,
        "commander_name" text,
        "grid_path" ltree NOT NULL,
        "starts_at" timestamptz NOT NULL,
        "ends_at" timestamptz NOT NULL,
        "unack_flagged_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CHECK ("ends_at" > "starts_at")
      )`);
    await q.query(`CREATE INDEX "operations_grid_path_idx" ON "enforcement"."operations" USING GIST ("grid_path")`);
    await q.query(`CREATE INDEX "operations_starts_idx" ON "enforcement"."operations" ("starts_at" DESC)`);
    await q.query(`CREATE INDEX "operations_unflagged_idx" ON "enforcement"."operations" ("starts_at") WHERE "unack_flagged_at" IS NULL`);
    await q.query(`
      CREATE TABLE "enforcement"."operation_departments" (
        "operation_id" uuid NOT NULL REFERENCES "enforcement"."operations" ("id") ON DELETE CASCADE,
        "department_id" uuid NOT NULL,
        "department_code" text NOT NULL,
        "department_name" text NOT NULL,
        "people" jsonb NOT NULL DEFAULT '[]',
        "acknowledged_at" timestamptz,
        "acknowledged_by_id" text,
        "acknowledged_by_name" text,
        PRIMARY KEY ("operation_id", "department_id")
      )`);
    await q.query(`CREATE INDEX "operation_departments_department_idx" ON "enforcement"."operation_departments" ("department_id")`);
    await q.query(`
      CREATE TABLE "enforcement"."operation_targets" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "operation_id" uuid NOT NULL REFERENCES "enforcement"."operations" ("id") ON DELETE CASCADE,
        "sort" int NOT NULL,
        "case_id" uuid REFERENCES "enforcement"."cases" ("id"),
        "place_name" text,
        "address" text,
        "grid_path" ltree,
        "point" geometry(Point, 4326),
        "inspected" boolean,
        "violation_found" boolean,
        "notices_issued" int NOT NULL DEFAULT 0,
        "penalty_amount" numeric(14, 2) NOT NULL DEFAULT 0,
        "demolished_area_m2" numeric(12, 2) NOT NULL DEFAULT 0,
        "result_note" text,
        "result_officers" jsonb,
        "recorded_at" timestamptz,
        "recorded_by_id" text,
        CHECK ("case_id" IS NOT NULL OR "place_name" IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX "operation_targets_operation_idx" ON "enforcement"."operation_targets" ("operation_id", "sort")`);
    await q.query(`CREATE INDEX "operation_targets_case_idx" ON "enforcement"."operation_targets" ("case_id") WHERE "case_id" IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "enforcement"."operation_targets"`);
    await q.query(`DROP TABLE IF EXISTS "enforcement"."operation_departments"`);
    await q.query(`DROP TABLE IF EXISTS "enforcement"."operations"`);
    await q.query(`DROP TABLE IF EXISTS "enforcement"."case_log"`);
    await q.query(`DROP FUNCTION IF EXISTS "enforcement"."case_log_refuse_change"()`);
    await q.query(`DROP TABLE IF EXISTS "enforcement"."inspections"`);
    await q.query(`DROP TABLE IF EXISTS "enforcement"."notices"`);
    await q.query(`DROP TABLE IF EXISTS "enforcement"."evidence"`);
    await q.query(`DROP TABLE IF EXISTS "enforcement"."cases"`);
    await q.query(`DROP SEQUENCE IF EXISTS "enforcement"."operation_ref_seq"`);
    await q.query(`DROP SEQUENCE IF EXISTS "enforcement"."notice_ref_seq"`);
    await q.query(`DROP SEQUENCE IF EXISTS "enforcement"."case_ref_seq"`);
    await q.query(`DROP TABLE IF EXISTS "enforcement"."competent_departments"`);
    await q.query(`DROP TABLE IF EXISTS "enforcement"."categories"`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_CATEGORIES } from '../../category/category.defaults';

/**
 * The problem ledger (台账): categories with their limits (seeded from the defaults, editable),
 * incidents, their append-only history, per-street daily code sequences, idempotency keys,
 * pre-aggregated daily counters, patrol diaries and the unit cases followed back.
 */
export class OfficeLedger1795300100000 implements MigrationInterface {
  name = 'OfficeLedger1795300100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS postgis WITH SCHEMA public`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS ltree WITH SCHEMA public`);

    await q.query(`
      CREATE TABLE "office"."categories" (
        "code" text PRIMARY KEY,
        "name" text NOT NULL,
        "key_area" text NOT NULL,
        "register_dispatch_limit" jsonb NOT NULL,
        "dispose_limit" jsonb NOT NULL,
        "stages" jsonb,
        "sort" int NOT NULL,
        "active" boolean NOT NULL DEFAULT true
      )`);
    for (const [i, c] of DEFAULT_CATEGORIES.entries()) {
      await q.query(
        `INSERT INTO "office"."categories" (code, name, key_area, register_dispatch_limit, dispose_limit, stages, sort) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
        [c.code, c.name, c.keyArea, JSON.stringify(c.limits.registerDispatch), JSON.stringify(c.limits.dispose), c.stages ? JSON.stringify(c.stages) : null, i],
      );
    }

    await q.query(`
      CREATE TABLE "office"."incidents" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "code" text NOT NULL UNIQUE,
        "title" text NOT NULL,
        "description" text,
        "key_area" text NOT NULL,
        "category" text NOT NULL REFERENCES "office"."categories"("code"),
        "state" text NOT NULL,
        "suspended_from" text,
        "source" text NOT NULL,
        "source_ref" text,
        "grid_id" uuid,
        "grid_path" ltree NOT NULL,
        "location" geography(Point, 4326),
        "address" text,
        "photos" text[] NOT NULL DEFAULT '{}',
        "reporter_account_id" text,
        "reporter_name" text,
        "reporter_phone" text,
        "reporter_phone_hash" text,
        "priority" int NOT NULL DEFAULT 0,
        "duplicate_of" uuid REFERENCES "office"."incidents"("id"),
        "duplicate_count" int NOT NULL DEFAULT 0,
        "unit" text,
        "department_id" uuid,
        "lead_unit" text,
        "lead_department_id" uuid,
        "rework_count" int NOT NULL DEFAULT 0,
        "closure_type" text,
        "responsible_party" text,
        "resolution_level" text,
        "on_time" boolean,
        "result" text,
        "result_photos" text[] NOT NULL DEFAULT '{}',
        "diary_id" uuid,
        "escalated_ever" boolean NOT NULL DEFAULT false,
        "handled_ever" boolean NOT NULL DEFAULT false,
        "misregistered" boolean NOT NULL DEFAULT false,
        "suspensions" jsonb NOT NULL DEFAULT '[]',
        "extensions" jsonb NOT NULL DEFAULT '[]',
        "stats_day" date NOT NULL,
        "reported_at" timestamptz NOT NULL,
        "registered_at" timestamptz,
        "dispatched_at" timestamptz,
        "handled_at" timestamptz,
        "closed_at" timestamptz,
        "supervised_at" timestamptz,
        "deadline" timestamptz,
        "yellow_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    // Scope filters (grid_path <@ scope) and "me too" search (ST_DWithin on geography).
    await q.query(`CREATE INDEX "incidents_grid_path_gist" ON "office"."incidents" USING gist ("grid_path")`);
    await q.query(`CREATE INDEX "incidents_location_gist" ON "office"."incidents" USING gist ("location")`);
    // The list: newest first, keyset on (reported_at, id).
    await q.query(`CREATE INDEX "incidents_reported_idx" ON "office"."incidents" ("reported_at" DESC, "id" DESC)`);
    await q.query(`CREATE INDEX "incidents_state_idx" ON "office"."incidents" ("state", "reported_at" DESC)`);
    await q.query(`CREATE INDEX "incidents_key_area_idx" ON "office"."incidents" ("key_area", "reported_at" DESC)`);
    await q.query(`CREATE INDEX "incidents_unit_idx" ON "office"."incidents" ("unit", "reported_at" DESC) WHERE "unit" IS NOT NULL`);
    await q.query(`CREATE INDEX "incidents_department_idx" ON "office"."incidents" ("department_id", "reported_at" DESC) WHERE "department_id" IS NOT NULL`);
    await q.query(`CREATE INDEX "incidents_source_ref_idx" ON "office"."incidents" ("source", "source_ref") WHERE "source_ref" IS NOT NULL`);
    // The supervision sweep and the overdue list: open incidents by deadline.
    await q.query(`
      CREATE INDEX "incidents_open_deadline_idx" ON "office"."incidents" ("deadline")
      WHERE "state" IN ('reported','registered','dispatched','accepted','in_progress')`);
    await q.query(`
      CREATE INDEX "incidents_dup_candidates_idx" ON "office"."incidents" ("category", "reported_at")
      WHERE "state" NOT IN ('closed','rejected','duplicate')`);

    await q.query(`
      CREATE TABLE "office"."incident_history" (
        "incident_id" uuid NOT NULL REFERENCES "office"."incidents"("id"),
        "seq" int NOT NULL,
        "action" text NOT NULL,
        "from_state" text,
        "to_state" text NOT NULL,
        "by_id" text,
        "by_name" text,
        "by_role" text,
        "at" timestamptz NOT NULL DEFAULT now(),
        "note" text,
        "data" jsonb,
        PRIMARY KEY ("incident_id", "seq")
      )`);
    // The record of who did what is never rewritten (吃拿卡要 is forbidden: keep it tamper-evident).
    await q.query(`
      CREATE FUNCTION "office"."history_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'incident_history is append-only'; END $$`);
    await q.query(`
      CREATE TRIGGER "incident_history_append_only" BEFORE UPDATE OR DELETE ON "office"."incident_history"
      FOR EACH ROW EXECUTE FUNCTION "office"."history_append_only"()`);

    await q.query(`
      CREATE TABLE "office"."incident_code_seq" (
        "street_path" ltree NOT NULL,
        "day" date NOT NULL,
        "last" int NOT NULL,
        PRIMARY KEY ("street_path", "day")
      )`);

    await q.query(`
      CREATE TABLE "office"."idempotency_keys" (
        "actor_id" text NOT NULL,
        "key" text NOT NULL,
        "operation" text NOT NULL,
        "request_hash" text NOT NULL,
        "response" jsonb,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("actor_id", "key")
      )`);
    await q.query(`CREATE INDEX "idempotency_keys_created_idx" ON "office"."idempotency_keys" ("created_at")`);

    // Counters per reporting day × L3 grid × key area, maintained in each transition's transaction.
    await q.query(`
      CREATE TABLE "office"."stats_daily" (
        "day" date NOT NULL,
        "grid_path" ltree NOT NULL,
        "key_area" text NOT NULL,
        "found" int NOT NULL DEFAULT 0,
        "duplicates" int NOT NULL DEFAULT 0,
        "registered" int NOT NULL DEFAULT 0,
        "rejected" int NOT NULL DEFAULT 0,
        "handled" int NOT NULL DEFAULT 0,
        "reworked" int NOT NULL DEFAULT 0,
        "closed" int NOT NULL DEFAULT 0,
        "solved" int NOT NULL DEFAULT 0,
        "closed_on_time" int NOT NULL DEFAULT 0,
        "misregistered" int NOT NULL DEFAULT 0,
        "res_grid" int NOT NULL DEFAULT 0,
        "res_community" int NOT NULL DEFAULT 0,
        "res_street" int NOT NULL DEFAULT 0,
        "res_district" int NOT NULL DEFAULT 0,
        PRIMARY KEY ("day", "grid_path", "key_area")
      )`);
    await q.query(`CREATE INDEX "stats_daily_grid_path_gist" ON "office"."stats_daily" USING gist ("grid_path")`);

    await q.query(`
      CREATE TABLE "office"."diaries" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "author_id" text NOT NULL,
        "author_name" text,
        "grid_id" uuid,
        "grid_path" ltree NOT NULL,
        "community_path" ltree,
        "street_path" ltree,
        "date" date NOT NULL,
        "route" text NOT NULL,
        "buildings" text[] NOT NULL DEFAULT '{}',
        "households_visited" int NOT NULL,
        "notes" text,
        "incident_ids" uuid[] NOT NULL DEFAULT '{}',
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "diaries_grid_path_gist" ON "office"."diaries" USING gist ("grid_path")`);
    await q.query(`CREATE INDEX "diaries_date_idx" ON "office"."diaries" ("date" DESC, "id" DESC)`);

    await q.query(`
      CREATE TABLE "office"."unit_cases" (
        "unit" text NOT NULL,
        "case_id" text NOT NULL,
        "incident_id" uuid NOT NULL REFERENCES "office"."incidents"("id"),
        "case_type" text NOT NULL,
        "case_ref" text NOT NULL,
        "status" text NOT NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("unit", "case_id")
      )`);
    await q.query(`CREATE INDEX "unit_cases_incident_idx" ON "office"."unit_cases" ("incident_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "office"."unit_cases"`);
    await q.query(`DROP TABLE IF EXISTS "office"."diaries"`);
    await q.query(`DROP TABLE IF EXISTS "office"."stats_daily"`);
    await q.query(`DROP TABLE IF EXISTS "office"."idempotency_keys"`);
    await q.query(`DROP TABLE IF EXISTS "office"."incident_code_seq"`);
    await q.query(`DROP TABLE IF EXISTS "office"."incident_history"`);
    await q.query(`DROP FUNCTION IF EXISTS "office"."history_append_only"()`);
    await q.query(`DROP TABLE IF EXISTS "office"."incidents"`);
    await q.query(`DROP TABLE IF EXISTS "office"."categories"`);
  }
}

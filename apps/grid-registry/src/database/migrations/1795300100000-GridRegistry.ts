import { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'registry';
const LEVELS = `'city','district','street','community','compound','building_cluster'`;
const ROLES = `'grid_head','assistant','office_staff','mass_work','patrol','building_head','security_guard','property_staff','party_volunteer','active_retiree','seconded_staff','grid_manager','grid_assistant','grid_supervisor','party_secretary','police_officer','judicial_worker','firefighter'`;

/**
 * The grid tree (ltree paths, PostGIS polygons with history), the people responsible for grids,
 * departments, party organisations, volunteers, base data on level-3 grids, organisation tasks.
 */
export class GridRegistry1795300100000 implements MigrationInterface {
  name = 'GridRegistry1795300100000';

  async up(q: QueryRunner): Promise<void> {
    // Present already where the database was prepared by a superuser; harmless then.
    await q.query(`CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS ltree SCHEMA public`);

    await q.query(`
      CREATE TABLE "${S}"."grids" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "code" char(15) NOT NULL CONSTRAINT "grids_code_uq" UNIQUE CONSTRAINT "grids_code_ck" CHECK ("code" ~ '^[0-9]{15}$'),
        "name" text NOT NULL CHECK (length("name") BETWEEN 1 AND 100),
        "level" text NOT NULL CHECK ("level" IN (${LEVELS})),
        "path" ltree NOT NULL CONSTRAINT "grids_path_uq" UNIQUE,
        "parent_id" uuid REFERENCES "${S}"."grids"("id"),
        "polygon" geometry(Polygon, 4326) NOT NULL CONSTRAINT "grids_polygon_valid_ck" CHECK (ST_IsValid("polygon")),
        "households" int NOT NULL DEFAULT 0 CHECK ("households" >= 0),
        "buildings" int NOT NULL DEFAULT 0 CHECK ("buildings" >= 0),
        "shopfronts" int NOT NULL DEFAULT 0 CHECK ("shopfronts" >= 0),
        "grid_class" text CHECK ("grid_class" IN ('jia','yi','bing')),
        "grade" text CHECK ("grade" IN ('A','B','C')),
        "merge_reason" text,
        "cluster_kind" text CHECK ("cluster_kind" IN ('residential','shopfront')),
        "version" int NOT NULL DEFAULT 1,
        "valid_from" timestamptz NOT NULL DEFAULT now(),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "grids_class_level_ck" CHECK ("grid_class" IS NULL OR "level" = 'community'),
        CONSTRAINT "grids_grade_level_ck" CHECK ("grade" IS NULL OR "level" = 'compound'),
        CONSTRAINT "grids_merge_reason_ck" CHECK ("level" <> 'compound' OR "households" >= 300 OR "merge_reason" IS NOT NULL),
        CONSTRAINT "grids_root_ck" CHECK (("parent_id" IS NULL) = ("level" = 'city'))
      )`);
    // Locate: GiST on the polygon; scope and subtree: GiST on the path.
    await q.query(`CREATE INDEX "grids_polygon_gix" ON "${S}"."grids" USING gist ("polygon")`);
    await q.query(`CREATE INDEX "grids_path_gix" ON "${S}"."grids" USING gist ("path")`);
    await q.query(`CREATE INDEX "grids_parent_idx" ON "${S}"."grids" ("parent_id")`);
    await q.query(`CREATE INDEX "grids_level_path_idx" ON "${S}"."grids" ("level", "path")`);

    // Every version of every grid (the current one has valid_to NULL): locate `at` a past time.
    await q.query(`
      CREATE TABLE "${S}"."grid_versions" (
        "id" bigserial PRIMARY KEY,
        "grid_id" uuid NOT NULL REFERENCES "${S}"."grids"("id") ON DELETE CASCADE,
        "version" int NOT NULL,
        "code" char(15) NOT NULL,
        "name" text NOT NULL,
        "level" text NOT NULL,
        "path" ltree NOT NULL,
        "parent_id" uuid,
        "polygon" geometry(Polygon, 4326) NOT NULL,
        "change" text NOT NULL CHECK ("change" IN ('created','reshaped','moved','renamed','imported','updated')),
        "changed_by" uuid,
        "valid_from" timestamptz NOT NULL,
        "valid_to" timestamptz,
        CONSTRAINT "grid_versions_range_ck" CHECK ("valid_to" IS NULL OR "valid_to" > "valid_from"),
        CONSTRAINT "grid_versions_uq" UNIQUE ("grid_id", "version")
      )`);
    await q.query(`CREATE UNIQUE INDEX "grid_versions_current_uq" ON "${S}"."grid_versions" ("grid_id") WHERE "valid_to" IS NULL`);
    await q.query(`CREATE INDEX "grid_versions_polygon_gix" ON "${S}"."grid_versions" USING gist ("polygon")`);
    await q.query(`CREATE INDEX "grid_versions_path_gix" ON "${S}"."grid_versions" USING gist ("path")`);

    await q.query(`
      CREATE TABLE "${S}"."departments" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "code" text NOT NULL,
        "name" text NOT NULL,
        "full_name" text NOT NULL,
        "district_path" ltree NOT NULL,
        "key_areas" text[] NOT NULL DEFAULT '{}',
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "departments_code_uq" UNIQUE ("district_path", "code")
      )`);
    await q.query(`CREATE INDEX "departments_district_path_gix" ON "${S}"."departments" USING gist ("district_path")`);

    await q.query(`
      CREATE TABLE "${S}"."staff" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        "gender" text CHECK ("gender" IN ('male','female')),
        "phone_enc" text,
        "phone_hash" text,
        "party_member" boolean NOT NULL DEFAULT false,
        "department_id" uuid REFERENCES "${S}"."departments"("id"),
        "account_id" uuid,
        "home_path" ltree NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "staff_home_path_gix" ON "${S}"."staff" USING gist ("home_path")`);
    await q.query(`CREATE INDEX "staff_phone_hash_idx" ON "${S}"."staff" ("phone_hash")`);
    await q.query(`CREATE INDEX "staff_account_idx" ON "${S}"."staff" ("account_id") WHERE "account_id" IS NOT NULL`);

    await q.query(`
      CREATE TABLE "${S}"."staff_assignments" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "staff_id" uuid NOT NULL REFERENCES "${S}"."staff"("id"),
        "grid_id" uuid NOT NULL REFERENCES "${S}"."grids"("id"),
        "grid_path" ltree NOT NULL,
        "role" text NOT NULL CHECK ("role" IN (${ROLES})),
        "role_group" text NOT NULL CHECK ("role_group" IN ('head','x','y','seconded','forces')),
        "department_id" uuid REFERENCES "${S}"."departments"("id"),
        "valid_from" timestamptz NOT NULL DEFAULT now(),
        "valid_to" timestamptz,
        "created_by" uuid
      )`);
    // At most one current head per grid, enforced by the database (the gaps report finds none).
    await q.query(`CREATE UNIQUE INDEX "staff_assignments_one_head_uq" ON "${S}"."staff_assignments" ("grid_id") WHERE "role" = 'grid_head' AND "valid_to" IS NULL`);
    await q.query(`CREATE UNIQUE INDEX "staff_assignments_current_uq" ON "${S}"."staff_assignments" ("staff_id", "grid_id", "role") WHERE "valid_to" IS NULL`);
    await q.query(`CREATE INDEX "staff_assignments_grid_idx" ON "${S}"."staff_assignments" ("grid_id") WHERE "valid_to" IS NULL`);
    await q.query(`CREATE INDEX "staff_assignments_path_gix" ON "${S}"."staff_assignments" USING gist ("grid_path")`);

    await q.query(`
      CREATE TABLE "${S}"."department_links" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "department_id" uuid NOT NULL REFERENCES "${S}"."departments"("id"),
        "grid_id" uuid NOT NULL REFERENCES "${S}"."grids"("id"),
        "grid_path" ltree NOT NULL,
        "staff_id" uuid NOT NULL REFERENCES "${S}"."staff"("id"),
        "assignment_id" uuid REFERENCES "${S}"."staff_assignments"("id"),
        "valid_from" timestamptz NOT NULL DEFAULT now(),
        "valid_to" timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX "department_links_current_uq" ON "${S}"."department_links" ("department_id", "grid_id", "staff_id") WHERE "valid_to" IS NULL`);
    await q.query(`CREATE INDEX "department_links_path_gix" ON "${S}"."department_links" USING gist ("grid_path")`);

    await q.query(`
      CREATE TABLE "${S}"."party_orgs" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "grid_id" uuid NOT NULL REFERENCES "${S}"."grids"("id"),
        "grid_path" ltree NOT NULL,
        "kind" text NOT NULL CHECK ("kind" IN ('committee','general_branch','branch')),
        "name" text NOT NULL,
        "members" int NOT NULL CHECK ("members" >= 0),
        "secretary_id" uuid REFERENCES "${S}"."staff"("id"),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "party_orgs_name_uq" UNIQUE ("grid_id", "name")
      )`);
    await q.query(`CREATE INDEX "party_orgs_path_gix" ON "${S}"."party_orgs" USING gist ("grid_path")`);

    await q.query(`
      CREATE TABLE "${S}"."party_commitments" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "party_org_id" uuid NOT NULL REFERENCES "${S}"."party_orgs"("id"),
        "grid_path" ltree NOT NULL,
        "member_name" text NOT NULL,
        "staff_id" uuid REFERENCES "${S}"."staff"("id"),
        "content" text NOT NULL,
        "year" int NOT NULL CHECK ("year" BETWEEN 2000 AND 2100),
        "state" text NOT NULL DEFAULT 'pledged' CHECK ("state" IN ('pledged','fulfilled')),
        "pledged_at" timestamptz NOT NULL DEFAULT now(),
        "fulfilled_at" timestamptz,
        "fulfilment_note" text
      )`);
    await q.query(`CREATE INDEX "party_commitments_org_idx" ON "${S}"."party_commitments" ("party_org_id", "year")`);

    await q.query(`
      CREATE TABLE "${S}"."volunteer_teams" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "code" text NOT NULL,
        "name" text NOT NULL,
        "special" boolean NOT NULL DEFAULT false,
        "grid_id" uuid NOT NULL REFERENCES "${S}"."grids"("id"),
        "grid_path" ltree NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "volunteer_teams_code_uq" UNIQUE ("grid_id", "code")
      )`);
    await q.query(`CREATE INDEX "volunteer_teams_path_gix" ON "${S}"."volunteer_teams" USING gist ("grid_path")`);
    await q.query(`
      CREATE TABLE "${S}"."volunteers" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "staff_id" uuid NOT NULL REFERENCES "${S}"."staff"("id"),
        "grid_id" uuid NOT NULL REFERENCES "${S}"."grids"("id"),
        "grid_path" ltree NOT NULL,
        "skills" text[] NOT NULL DEFAULT '{}',
        "registered_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "volunteers_uq" UNIQUE ("staff_id", "grid_id")
      )`);
    await q.query(`CREATE INDEX "volunteers_path_gix" ON "${S}"."volunteers" USING gist ("grid_path")`);
    await q.query(`
      CREATE TABLE "${S}"."volunteer_team_members" (
        "team_id" uuid NOT NULL REFERENCES "${S}"."volunteer_teams"("id") ON DELETE CASCADE,
        "volunteer_id" uuid NOT NULL REFERENCES "${S}"."volunteers"("id") ON DELETE CASCADE,
        "joined_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("team_id", "volunteer_id")
      )`);
    await q.query(`CREATE INDEX "volunteer_team_members_volunteer_idx" ON "${S}"."volunteer_team_members" ("volunteer_id")`);

    await q.query(`
      CREATE TABLE "${S}"."buildings" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "grid_id" uuid NOT NULL REFERENCES "${S}"."grids"("id"),
        "grid_path" ltree NOT NULL,
        "name" text NOT NULL,
        "kind" text NOT NULL CHECK ("kind" IN ('residential','shopfront')),
        "units" int NOT NULL DEFAULT 0 CHECK ("units" >= 0),
        "floors" int NOT NULL DEFAULT 1 CHECK ("floors" >= 1),
        "households" int NOT NULL DEFAULT 0 CHECK ("households" >= 0),
        "point" geometry(Point, 4326) NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "buildings_grid_idx" ON "${S}"."buildings" ("grid_id")`);
    await q.query(`CREATE INDEX "buildings_path_gix" ON "${S}"."buildings" USING gist ("grid_path")`);
    await q.query(`CREATE INDEX "buildings_point_gix" ON "${S}"."buildings" USING gist ("point")`);
    await q.query(`
      CREATE TABLE "${S}"."organisations" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "grid_id" uuid NOT NULL REFERENCES "${S}"."grids"("id"),
        "grid_path" ltree NOT NULL,
        "building_id" uuid REFERENCES "${S}"."buildings"("id"),
        "kind" text NOT NULL CHECK ("kind" IN ('shop','restaurant','enterprise','school','clinic')),
        "name" text NOT NULL,
        "point" geometry(Point, 4326) NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "organisations_grid_idx" ON "${S}"."organisations" ("grid_id")`);
    await q.query(`CREATE INDEX "organisations_path_gix" ON "${S}"."organisations" USING gist ("grid_path")`);
    await q.query(`CREATE INDEX "organisations_point_gix" ON "${S}"."organisations" USING gist ("point")`);

    await q.query(`CREATE SEQUENCE "${S}"."organisation_task_ref_seq"`);
    await q.query(`
      CREATE TABLE "${S}"."organisation_tasks" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "ref" text NOT NULL CONSTRAINT "organisation_tasks_ref_uq" UNIQUE,
        "incident_id" uuid,
        "incident_code" text,
        "source_event_id" uuid,
        "title" text NOT NULL,
        "key_area" text NOT NULL,
        "category" text,
        "grid_id" uuid,
        "grid_path" ltree NOT NULL,
        "address" text,
        "state" text NOT NULL DEFAULT 'open' CHECK ("state" IN ('open','handled','closed','returned')),
        "deadline" timestamptz,
        "note" text,
        "closure_type" text CHECK ("closure_type" IN ('fixed','closed_not_fixed','not_responsible','referred')),
        "photos" text[] NOT NULL DEFAULT '{}',
        "opened_at" timestamptz NOT NULL DEFAULT now(),
        "handled_at" timestamptz,
        "closed_at" timestamptz,
        "returned_at" timestamptz,
        "updated_by_id" uuid,
        "updated_by_name" text,
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    // One live task per incident; a re-dispatch after a return or closure opens a new one.
    await q.query(`CREATE UNIQUE INDEX "organisation_tasks_live_incident_uq" ON "${S}"."organisation_tasks" ("incident_id") WHERE "state" IN ('open','handled')`);
    await q.query(`CREATE INDEX "organisation_tasks_path_gix" ON "${S}"."organisation_tasks" USING gist ("grid_path")`);
    await q.query(`CREATE INDEX "organisation_tasks_state_idx" ON "${S}"."organisation_tasks" ("state", "opened_at" DESC, "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'organisation_tasks',
      'organisations',
      'buildings',
      'volunteer_team_members',
      'volunteers',
      'volunteer_teams',
      'party_commitments',
      'party_orgs',
      'department_links',
      'staff_assignments',
      'staff',
      'departments',
      'grid_versions',
      'grids',
    ]) {
      await q.query(`DROP TABLE IF EXISTS "${S}"."${t}"`);
    }
    await q.query(`DROP SEQUENCE IF EXISTS "${S}"."organisation_task_ref_seq"`);
  }
}

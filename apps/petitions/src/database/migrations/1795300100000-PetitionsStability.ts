import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The registers of the petitions & stability group. Identities (name, ID number, phone) are
 * ciphertext (PiiCipher, AES-256-GCM) with a keyed hash beside them for exact lookups; grid
 * paths are ltree with GiST indexes for `grid_path <@ scope`.
 */
export class PetitionsStability1795300100000 implements MigrationInterface {
  name = 'PetitionsStability1795300100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE "petitions"."petition_ref_seq"`);
    await q.query(`CREATE SEQUENCE "petitions"."dispute_ref_seq"`);
    await q.query(`CREATE SEQUENCE "petitions"."warning_ref_seq"`);

    await q.query(`
      CREATE TABLE "petitions"."petitions" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "ref" text NOT NULL UNIQUE,
        "channel" text NOT NULL CHECK ("channel" IN ('visit','letter','phone','online','office_dispatch')),
        "petitioner_kind" text NOT NULL CHECK ("petitioner_kind" IN ('person','group')),
        "petitioner_name" text,
        "petitioner_id_number" text,
        "petitioner_phone" text,
        "petitioner_hash" text,
        "headcount" integer NOT NULL DEFAULT 1 CHECK ("headcount" >= 1),
        "collective" boolean GENERATED ALWAYS AS ("headcount" >= 5) STORED,
        "matter" text NOT NULL,
        "summary" text NOT NULL,
        "key_area" text NOT NULL,
        "grid_path" ltree NOT NULL,
        "grid_id" uuid,
        "state" text NOT NULL CHECK ("state" IN ('received','accepted','not_accepted','replied','closed','returned')),
        "owner_id" uuid,
        "owner_name" text,
        "received_by_id" uuid,
        "received_by_name" text,
        "received_at" timestamptz NOT NULL,
        "accept_due_at" timestamptz NOT NULL,
        "accepted_at" timestamptz,
        "decision_note" text,
        "reply_due_at" timestamptz,
        "extended_days" integer NOT NULL DEFAULT 0,
        "extension_reason" text,
        "replied_at" timestamptz,
        "reply" text,
        "reply_on_time" boolean,
        "closed_at" timestamptz,
        "repeat_of_id" uuid REFERENCES "petitions"."petitions"("id"),
        "incident_id" uuid,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "petitions_grid_path_gist" ON "petitions"."petitions" USING gist ("grid_path")`);
    await q.query(`CREATE INDEX "petitions_repeat_lookup" ON "petitions"."petitions" ("petitioner_hash", "matter", "received_at") WHERE "petitioner_hash" IS NOT NULL`);
    await q.query(`CREATE INDEX "petitions_repeat_of" ON "petitions"."petitions" ("repeat_of_id") WHERE "repeat_of_id" IS NOT NULL`);
    await q.query(`CREATE INDEX "petitions_accept_due" ON "petitions"."petitions" ("accept_due_at") WHERE "state" = 'received'`);
    await q.query(`CREATE INDEX "petitions_reply_due" ON "petitions"."petitions" ("reply_due_at") WHERE "state" = 'accepted'`);
    await q.query(`CREATE INDEX "petitions_received_at" ON "petitions"."petitions" ("received_at")`);
    // One open case per office incident; a returned one may be dispatched to us again.
    await q.query(`CREATE UNIQUE INDEX "petitions_incident_open" ON "petitions"."petitions" ("incident_id") WHERE "incident_id" IS NOT NULL AND "state" <> 'returned'`);

    await q.query(`
      CREATE TABLE "petitions"."petition_handovers" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "petition_id" uuid NOT NULL REFERENCES "petitions"."petitions"("id") ON DELETE CASCADE,
        "from_id" uuid,
        "from_name" text NOT NULL,
        "to_id" uuid NOT NULL,
        "to_name" text NOT NULL,
        "reason" text NOT NULL,
        "at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "petition_handovers_petition" ON "petitions"."petition_handovers" ("petition_id", "at")`);

    await q.query(`
      CREATE TABLE "petitions"."receptions" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "kind" text NOT NULL CHECK ("kind" IN ('topic','appointment','home_visit')),
        "leader_name" text NOT NULL,
        "leader_title" text NOT NULL,
        "topic" text NOT NULL,
        "place" text,
        "grid_path" ltree NOT NULL,
        "starts_at" timestamptz NOT NULL,
        "ends_at" timestamptz NOT NULL,
        "slot_minutes" integer NOT NULL,
        "state" text NOT NULL CHECK ("state" IN ('scheduled','published','held','cancelled')),
        "published_at" timestamptz,
        "held_at" timestamptz,
        "outcome" text,
        "created_by_id" uuid,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CHECK ("ends_at" > "starts_at")
      )`);
    await q.query(`CREATE INDEX "receptions_grid_path_gist" ON "petitions"."receptions" USING gist ("grid_path")`);
    await q.query(`CREATE INDEX "receptions_starts_at" ON "petitions"."receptions" ("starts_at")`);
    await q.query(`
      CREATE TABLE "petitions"."reception_slots" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "reception_id" uuid NOT NULL REFERENCES "petitions"."receptions"("id") ON DELETE CASCADE,
        "starts_at" timestamptz NOT NULL,
        "ends_at" timestamptz NOT NULL,
        "petition_id" uuid REFERENCES "petitions"."petitions"("id"),
        "booked_at" timestamptz,
        "booked_by_id" uuid,
        "outcome" text,
        "resolved" boolean,
        UNIQUE ("reception_id", "starts_at"),
        UNIQUE ("reception_id", "petition_id")
      )`);
    await q.query(`CREATE INDEX "reception_slots_petition" ON "petitions"."reception_slots" ("petition_id") WHERE "petition_id" IS NOT NULL`);

    await q.query(`
      CREATE TABLE "petitions"."disputes" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "ref" text NOT NULL UNIQUE,
        "type" text NOT NULL,
        "summary" text NOT NULL,
        "grid_path" ltree NOT NULL,
        "grid_id" uuid,
        "state" text NOT NULL CHECK ("state" IN ('open','mediating','settled','referred','closed','returned')),
        "mediators" jsonb NOT NULL DEFAULT '[]',
        "agreement_terms" text,
        "settled_level" text CHECK ("settled_level" IN ('grid','community','street','district')),
        "settled_at" timestamptz,
        "failure_reason" text,
        "referred_to" text,
        "incident_id" uuid,
        "opened_by_id" uuid,
        "opened_by_name" text,
        "opened_at" timestamptz NOT NULL DEFAULT now(),
        "closed_at" timestamptz,
        "close_note" text,
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "disputes_grid_path_gist" ON "petitions"."disputes" USING gist ("grid_path")`);
    await q.query(`CREATE INDEX "disputes_opened_at" ON "petitions"."disputes" ("opened_at")`);
    await q.query(`CREATE INDEX "disputes_settled_at" ON "petitions"."disputes" ("settled_at") WHERE "settled_at" IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX "disputes_incident_open" ON "petitions"."disputes" ("incident_id") WHERE "incident_id" IS NOT NULL AND "state" <> 'returned'`);
    await q.query(`
      CREATE TABLE "petitions"."dispute_parties" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "dispute_id" uuid NOT NULL REFERENCES "petitions"."disputes"("id") ON DELETE CASCADE,
        "side" text NOT NULL CHECK ("side" IN ('applicant','respondent','third_party')),
        "name" text NOT NULL,
        "id_number" text,
        "phone" text,
        "person_hash" text,
        -- clock_timestamp: parties added in one transaction keep their order
        "created_at" timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX "dispute_parties_dispute" ON "petitions"."dispute_parties" ("dispute_id")`);
    await q.query(`CREATE INDEX "dispute_parties_hash" ON "petitions"."dispute_parties" ("person_hash") WHERE "person_hash" IS NOT NULL`);
    await q.query(`
      CREATE TABLE "petitions"."dispute_sessions" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "dispute_id" uuid NOT NULL REFERENCES "petitions"."disputes"("id") ON DELETE CASCADE,
        "held_at" timestamptz NOT NULL,
        "place" text,
        "mediators" jsonb NOT NULL,
        "summary" text NOT NULL,
        "result" text NOT NULL CHECK ("result" IN ('continued','agreement','failed')),
        "recorded_by_id" uuid,
        "recorded_by_name" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "dispute_sessions_dispute" ON "petitions"."dispute_sessions" ("dispute_id", "held_at")`);

    await q.query(`
      CREATE TABLE "petitions"."population_categories" (
        "code" text PRIMARY KEY,
        "zh" text NOT NULL,
        "en" text NOT NULL,
        "follow_up_days" integer NOT NULL CHECK ("follow_up_days" > 0),
        "high_risk_follow_up_days" integer NOT NULL CHECK ("high_risk_follow_up_days" > 0),
        "built_in" boolean NOT NULL DEFAULT false
      )`);
    await q.query(`
      INSERT INTO "petitions"."population_categories" ("code","zh","en","follow_up_days","high_risk_follow_up_days","built_in") VALUES
        ('community_corrections','社区矫正人员','Community corrections',30,7,true),
        ('released_prisoner','刑满释放人员','Released prisoner',30,7,true),
        ('severe_mental_disorder','严重精神障碍患者','Severe mental disorder',30,7,true),
        ('drug_user','吸毒人员','Drug user',30,7,true),
        ('key_youth','重点青少年','Key youth',30,7,true)`);
    await q.query(`
      CREATE TABLE "petitions"."special_people" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "category" text NOT NULL REFERENCES "petitions"."population_categories"("code"),
        "name" text NOT NULL,
        "id_number" text,
        "phone" text,
        "person_hash" text,
        "gender" text CHECK ("gender" IN ('male','female')),
        "grid_path" ltree NOT NULL,
        "grid_id" uuid,
        "building_id" uuid,
        "risk_level" text NOT NULL CHECK ("risk_level" IN ('low','medium','high')),
        "follow_up_days" integer CHECK ("follow_up_days" > 0),
        "responsible_worker_id" uuid,
        "responsible_worker_name" text,
        "registered_at" timestamptz NOT NULL,
        "last_follow_up_at" timestamptz,
        "active" boolean NOT NULL DEFAULT true,
        "note" text,
        "created_by_id" uuid,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "special_people_grid_path_gist" ON "petitions"."special_people" USING gist ("grid_path")`);
    await q.query(`CREATE INDEX "special_people_category" ON "petitions"."special_people" ("category", "risk_level") WHERE "active"`);
    await q.query(`CREATE UNIQUE INDEX "special_people_once" ON "petitions"."special_people" ("category", "person_hash") WHERE "active" AND "person_hash" IS NOT NULL`);
    await q.query(`
      CREATE TABLE "petitions"."follow_ups" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "person_id" uuid NOT NULL REFERENCES "petitions"."special_people"("id") ON DELETE CASCADE,
        "visited_at" timestamptz NOT NULL,
        "method" text NOT NULL CHECK ("method" IN ('home_visit','talk','phone','video')),
        "visitor_id" uuid NOT NULL,
        "visitor_name" text NOT NULL,
        "situation" text NOT NULL,
        "anomaly" boolean NOT NULL DEFAULT false,
        "risk_level_after" text CHECK ("risk_level_after" IN ('low','medium','high')),
        "late" boolean NOT NULL DEFAULT false,
        "grid_path" ltree NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "follow_ups_person" ON "petitions"."follow_ups" ("person_id", "visited_at" DESC)`);
    await q.query(`CREATE INDEX "follow_ups_visited_at" ON "petitions"."follow_ups" ("visited_at")`);
    await q.query(`CREATE INDEX "follow_ups_grid_path_gist" ON "petitions"."follow_ups" USING gist ("grid_path")`);

    await q.query(`
      CREATE TABLE "petitions"."floating_people" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        "id_number" text,
        "phone" text,
        "person_hash" text,
        "building_id" uuid NOT NULL,
        "grid_path" ltree NOT NULL,
        "grid_id" uuid,
        "origin" text,
        "occupation" text,
        "arrived_on" date NOT NULL,
        "left_on" date,
        "registered_by_id" uuid,
        "registered_by_name" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CHECK ("left_on" IS NULL OR "left_on" >= "arrived_on")
      )`);
    await q.query(`CREATE INDEX "floating_people_building" ON "petitions"."floating_people" ("building_id") WHERE "left_on" IS NULL`);
    await q.query(`CREATE INDEX "floating_people_grid_path_gist" ON "petitions"."floating_people" USING gist ("grid_path")`);
    await q.query(`CREATE INDEX "floating_people_hash" ON "petitions"."floating_people" ("person_hash") WHERE "person_hash" IS NOT NULL`);

    await q.query(`
      CREATE TABLE "petitions"."identity_reveals" (
        "id" bigserial PRIMARY KEY,
        "actor_id" uuid NOT NULL,
        "actor_name" text NOT NULL,
        "actor_role" text NOT NULL,
        "subject_type" text NOT NULL,
        "subject_id" uuid,
        "fields" text[] NOT NULL,
        "reason" text NOT NULL,
        "rows" integer NOT NULL DEFAULT 1,
        "request_id" text,
        "at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "identity_reveals_subject" ON "petitions"."identity_reveals" ("subject_type", "subject_id", "at" DESC)`);
    await q.query(`CREATE INDEX "identity_reveals_at" ON "petitions"."identity_reveals" ("at" DESC)`);
    // The audit is append-only: no update or delete, even by the service's own role.
    await q.query(`
      CREATE FUNCTION "petitions"."identity_reveals_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'identity_reveals is append-only'; END $$`);
    await q.query(`
      CREATE TRIGGER "identity_reveals_no_change" BEFORE UPDATE OR DELETE ON "petitions"."identity_reveals"
      FOR EACH ROW EXECUTE FUNCTION "petitions"."identity_reveals_append_only"()`);

    await q.query(`
      CREATE TABLE "petitions"."stability_warnings" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "ref" text NOT NULL UNIQUE,
        "level" smallint NOT NULL CHECK ("level" BETWEEN 1 AND 4),
        "reason_kind" text NOT NULL,
        "reason" text NOT NULL,
        "starts_at" timestamptz NOT NULL,
        "ends_at" timestamptz NOT NULL,
        "state" text NOT NULL CHECK ("state" IN ('active','lifted')),
        "scope_path" ltree NOT NULL,
        "issued_by_id" uuid,
        "issued_by_name" text NOT NULL,
        "issued_at" timestamptz NOT NULL DEFAULT now(),
        "lifted_at" timestamptz,
        "lift_note" text,
        CHECK ("ends_at" > "starts_at")
      )`);
    await q.query(`CREATE INDEX "stability_warnings_period" ON "petitions"."stability_warnings" ("ends_at", "starts_at") WHERE "state" = 'active'`);
    await q.query(`
      CREATE TABLE "petitions"."warning_grids" (
        "warning_id" uuid NOT NULL REFERENCES "petitions"."stability_warnings"("id") ON DELETE CASCADE,
        "grid_path" ltree NOT NULL,
        "acknowledged_at" timestamptz,
        "acknowledged_by_id" uuid,
        "acknowledged_by_name" text,
        "note" text,
        PRIMARY KEY ("warning_id", "grid_path")
      )`);
    await q.query(`CREATE INDEX "warning_grids_grid_path_gist" ON "petitions"."warning_grids" USING gist ("grid_path")`);

    await q.query(`
      CREATE TABLE "petitions"."stability_meetings" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "held_on" date NOT NULL,
        "grid_path" ltree NOT NULL,
        "chair" text NOT NULL,
        "attendees" jsonb NOT NULL,
        "topics" text NOT NULL,
        "decisions" jsonb NOT NULL,
        "recorded_by_id" uuid,
        "recorded_by_name" text NOT NULL,
        "recorded_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "stability_meetings_grid_path_gist" ON "petitions"."stability_meetings" USING gist ("grid_path")`);
    await q.query(`CREATE INDEX "stability_meetings_held_on" ON "petitions"."stability_meetings" ("held_on" DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'stability_meetings',
      'warning_grids',
      'stability_warnings',
      'identity_reveals',
      'floating_people',
      'follow_ups',
      'special_people',
      'population_categories',
      'dispute_sessions',
      'dispute_parties',
      'disputes',
      'reception_slots',
      'receptions',
      'petition_handovers',
      'petitions',
    ]) {
      await q.query(`DROP TABLE IF EXISTS "petitions"."${t}"`);
    }
    await q.query(`DROP FUNCTION IF EXISTS "petitions"."identity_reveals_append_only"()`);
    await q.query(`DROP SEQUENCE IF EXISTS "petitions"."warning_ref_seq"`);
    await q.query(`DROP SEQUENCE IF EXISTS "petitions"."dispute_ref_seq"`);
    await q.query(`DROP SEQUENCE IF EXISTS "petitions"."petition_ref_seq"`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 三会一评 (issue 25): meetings held on a convening grid (street, community, compound) with their
 * minutes, the members expected from the registry's posts and who attended, and the decisions
 * taken as tasks with an owner and a due date, followed to closure.
 */
export class Meetings1795750000125 implements MigrationInterface {
  name = 'Meetings1795750000125';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "registry"."meetings" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "kind" text NOT NULL CHECK ("kind" IN ('street_leadership', 'community_briefing', 'community_leadership', 'compound_heads', 'democratic_appraisal')),
        "grid_id" uuid NOT NULL REFERENCES "registry"."grids"("id"),
        "grid_path" ltree NOT NULL,
        "held_on" date NOT NULL,
        "title" text NOT NULL,
        "minutes" text NOT NULL,
        "representatives" int CHECK ("representatives" > 0),
        "democratic" jsonb,
        "half_year" text,
        "recorded_by" text NOT NULL,
        "recorded_by_name" text,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "meetings_grid_kind_held_idx" ON "registry"."meetings" ("grid_id", "kind", "held_on" DESC)`);
    await q.query(`CREATE INDEX "meetings_path_gix" ON "registry"."meetings" USING gist ("grid_path")`);
    await q.query(`
      CREATE TABLE "registry"."meeting_attendees" (
        "meeting_id" uuid NOT NULL REFERENCES "registry"."meetings"("id") ON DELETE CASCADE,
        "staff_id" uuid NOT NULL REFERENCES "registry"."staff"("id"),
        "account_id" uuid,
        "name" text NOT NULL,
        "role" text NOT NULL,
        "grid_path" ltree NOT NULL,
        "attended" boolean NOT NULL,
        "absence_reason" text,
        PRIMARY KEY ("meeting_id", "staff_id")
      )`);
    await q.query(`
      CREATE TABLE "registry"."meeting_decisions" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "meeting_id" uuid NOT NULL REFERENCES "registry"."meetings"("id") ON DELETE CASCADE,
        "grid_path" ltree NOT NULL,
        "text" text NOT NULL,
        "owner_staff_id" uuid NOT NULL REFERENCES "registry"."staff"("id"),
        "owner_name" text NOT NULL,
        "due_on" date NOT NULL,
        "state" text NOT NULL DEFAULT 'open' CHECK ("state" IN ('open', 'done')),
        "done_on" date,
        "done_note" text,
        "done_by" text,
        CHECK (("state" = 'done') = ("done_on" IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX "meeting_decisions_path_gix" ON "registry"."meeting_decisions" USING gist ("grid_path")`);
    await q.query(`CREATE INDEX "meeting_decisions_open_due_idx" ON "registry"."meeting_decisions" ("due_on") WHERE "state" = 'open'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "registry"."meeting_decisions"`);
    await q.query(`DROP TABLE IF EXISTS "registry"."meeting_attendees"`);
    await q.query(`DROP TABLE IF EXISTS "registry"."meetings"`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Joint dispatch (联合派遣): the parties of each dispatch — one lead (主办) and any number of
 * assisting units or departments (协办) — each with its own acceptance and feedback; and, on the
 * incident, the assists of the current dispatch (who may see and act on it).
 */
export class JointDispatch1795760000202 implements MigrationInterface {
  name = 'JointDispatch1795760000202';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "office"."incidents" ADD COLUMN "assist_units" text[] NOT NULL DEFAULT '{}', ADD COLUMN "assist_department_ids" uuid[] NOT NULL DEFAULT '{}'`);
    await q.query(`
      CREATE TABLE "office"."dispatch_parties" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "incident_id" uuid NOT NULL REFERENCES "office"."incidents" ("id") ON DELETE CASCADE,
        "round" integer NOT NULL,
        "ord" integer NOT NULL,
        "role" text NOT NULL CHECK ("role" IN ('lead', 'assist')),
        "unit" text,
        "department_id" uuid,
        "state" text NOT NULL DEFAULT 'dispatched' CHECK ("state" IN ('dispatched', 'accepted', 'reported', 'returned')),
        "dispatched_at" timestamptz NOT NULL DEFAULT now(),
        "accepted_at" timestamptz,
        "reported_at" timestamptz,
        "feedback" text,
        "photos" text[] NOT NULL DEFAULT '{}',
        CHECK (("unit" IS NULL) <> ("department_id" IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX "dispatch_parties_party_uq" ON "office"."dispatch_parties" ("incident_id", "round", coalesce("unit", ''), coalesce("department_id", '00000000-0000-0000-0000-000000000000'::uuid))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "office"."dispatch_parties"`);
    await q.query(`ALTER TABLE "office"."incidents" DROP COLUMN "assist_units", DROP COLUMN "assist_department_ids"`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 催办: urgings sent to the responsible unit or department (the lead 主办 of a joint dispatch),
 * acknowledged by it; an unacknowledged one past its due rises (unit → commander → district).
 */
export class Urgings1795790000404 implements MigrationInterface {
  name = 'Urgings1795790000404';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "office"."urgings" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "incident_id" uuid NOT NULL REFERENCES "office"."incidents" ("id") ON DELETE CASCADE,
        "unit" text,
        "department_id" uuid,
        "level" text NOT NULL DEFAULT 'unit' CHECK ("level" IN ('unit', 'commander', 'district')),
        "sent_at" timestamptz NOT NULL DEFAULT now(),
        "due" timestamptz,
        "sent_by_id" uuid,
        "sent_by_name" text NOT NULL,
        "note" text,
        "acknowledged_at" timestamptz,
        "acknowledged_by_id" uuid,
        "acknowledged_by_name" text,
        CHECK ("unit" IS NOT NULL OR "department_id" IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX "urgings_incident_idx" ON "office"."urgings" ("incident_id", "sent_at")`);
    await q.query(`CREATE INDEX "urgings_open_due_idx" ON "office"."urgings" ("due") WHERE "acknowledged_at" IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "office"."urgings"`);
  }
}

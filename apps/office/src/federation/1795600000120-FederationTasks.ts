import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tasks handed down by the district (区级下派), as the street took them in: the inbox of the
 * STREET_TASKS consumer (one row per task id, so a redelivery is a no-op) and the link to the
 * incident the intake made, or why it was refused.
 */
export class FederationTasks1795600000120 implements MigrationInterface {
  name = 'FederationTasks1795600000120';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "office"."federation_tasks" (
        "task_id" uuid PRIMARY KEY,
        "street" text NOT NULL,
        "reference" text NOT NULL,
        "channel" text NOT NULL,
        "grid_path" ltree NOT NULL,
        "state" text NOT NULL CHECK ("state" IN ('taken_in', 'refused')),
        "incident_id" uuid,
        "incident_code" text,
        "error" jsonb,
        "message" jsonb NOT NULL,
        "received_at" timestamptz NOT NULL DEFAULT now(),
        CHECK (("state" = 'taken_in') = ("incident_id" IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX "federation_tasks_reference_idx" ON "office"."federation_tasks" ("reference")`);
    await q.query(`CREATE INDEX "federation_tasks_grid_path_gist" ON "office"."federation_tasks" USING gist ("grid_path")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "office"."federation_tasks"`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/** The outbound escalation webhook's deliveries (上报区级): pending → delivered | dead, with attempts. */
export class EscalationDeliveries1795400000100 implements MigrationInterface {
  name = 'EscalationDeliveries1795400000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "office"."escalation_deliveries" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "event_id" uuid NOT NULL CONSTRAINT "escalation_deliveries_event_uq" UNIQUE,
        "incident_id" uuid NOT NULL,
        "incident_code" text NOT NULL,
        "grid_path" ltree NOT NULL,
        "url" text NOT NULL,
        "payload" jsonb NOT NULL,
        "state" text NOT NULL DEFAULT 'pending' CHECK ("state" IN ('pending', 'delivered', 'dead')),
        "attempts" int NOT NULL DEFAULT 0 CHECK ("attempts" >= 0),
        "next_attempt_at" timestamptz NOT NULL DEFAULT now(),
        "last_status" int,
        "last_error" text,
        "delivered_at" timestamptz,
        "dead_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    // The sender's claim: due pending rows by time.
    await q.query(`CREATE INDEX "escalation_deliveries_due_idx" ON "office"."escalation_deliveries" ("next_attempt_at") WHERE "state" = 'pending'`);
    // The list: by state, newest first, inside a scope.
    await q.query(`CREATE INDEX "escalation_deliveries_state_idx" ON "office"."escalation_deliveries" ("state", "created_at" DESC)`);
    await q.query(`CREATE INDEX "escalation_deliveries_grid_path_gist" ON "office"."escalation_deliveries" USING gist ("grid_path")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "office"."escalation_deliveries"`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The loop to the caller: the completion reply (办结回复) written at closure, the reporter's answer
 * on the current closure (满意 / 基本满意 / 不满意), and every answer given (one per closure).
 */
export class CompletionReplyAndSatisfaction1795780000302 implements MigrationInterface {
  name = 'CompletionReplyAndSatisfaction1795780000302';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "office"."incidents" ADD COLUMN "completion_reply" text, ADD COLUMN "satisfaction" text CHECK ("satisfaction" IN ('satisfied', 'basically_satisfied', 'dissatisfied'))`);
    await q.query(`
      CREATE TABLE "office"."satisfaction_answers" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "incident_id" uuid NOT NULL REFERENCES "office"."incidents" ("id") ON DELETE CASCADE,
        "closed_at" timestamptz NOT NULL,
        "closure_type" text NOT NULL,
        "answer" text NOT NULL CHECK ("answer" IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
        "comment" text,
        "by_id" uuid,
        "by_role" text NOT NULL,
        "channel" text NOT NULL CHECK ("channel" IN ('api', 'open311')),
        "reopened" boolean NOT NULL DEFAULT false,
        "answered_at" timestamptz NOT NULL DEFAULT now(),
        UNIQUE ("incident_id", "closed_at")
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "office"."satisfaction_answers"`);
    await q.query(`ALTER TABLE "office"."incidents" DROP COLUMN "completion_reply", DROP COLUMN "satisfaction"`);
  }
}

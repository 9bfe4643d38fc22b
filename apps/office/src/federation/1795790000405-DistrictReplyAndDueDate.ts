import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The loop upward, district half: the district's answer on an escalated case (区级答复), shown on
 * the incident, and the due date (办结时限) of a task the district handed down.
 */
export class DistrictReplyAndDueDate1795790000405 implements MigrationInterface {
  name = 'DistrictReplyAndDueDate1795790000405';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "office"."incidents" ADD COLUMN "district_reply" text, ADD COLUMN "district_due_at" timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "office"."incidents" DROP COLUMN "district_due_at", DROP COLUMN "district_reply"`);
  }
}

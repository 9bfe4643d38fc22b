import { MigrationInterface, QueryRunner } from 'typeorm';

/** 双报告 (issue 25): a community takes in (签收) each problem its grids report, once, with what it does. */
export class DualReportReceipts1795770000225 implements MigrationInterface {
  name = 'DualReportReceipts1795770000225';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "office"."dual_report_receipts" (
        "incident_id" uuid PRIMARY KEY,
        "community_path" ltree NOT NULL,
        "acknowledged_at" timestamptz NOT NULL DEFAULT now(),
        "acknowledged_by" text NOT NULL,
        "acknowledged_by_name" text,
        "note" text NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "office"."dual_report_receipts"`);
  }
}

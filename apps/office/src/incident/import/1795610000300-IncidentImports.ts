import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bulk import of historical incidents: which (source, sourceRef) was imported as which incident,
 * so a re-run of the same file inserts nothing twice; a sequence numbers imported codes.
 */
export class IncidentImports1795610000300 implements MigrationInterface {
  name = 'IncidentImports1795610000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "office"."incident_imports" (
        "source" text NOT NULL,
        "source_ref" text NOT NULL,
        "incident_id" uuid NOT NULL,
        "imported_by" text,
        "imported_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("source", "source_ref")
      )`);
    await q.query(`CREATE SEQUENCE "office"."incident_import_seq"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SEQUENCE IF EXISTS "office"."incident_import_seq"`);
    await q.query(`DROP TABLE IF EXISTS "office"."incident_imports"`);
  }
}

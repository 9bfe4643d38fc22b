import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The bulk import's staging table (暂存表): each batch's good records are COPied here (UNLOGGED:
 * no WAL, nothing to keep after a crash — a run that did not finish is sent again), and the run's
 * finish moves them into the ledger in set-based statements, a chunk per transaction, by
 * (run_id, n). Rows of a run abandoned midway are dropped by the next finish after a day.
 */
export class IncidentImportStaging1795840000027 implements MigrationInterface {
  name = 'IncidentImportStaging1795840000027';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE "office"."incident_import_staging" (
        "run_id" uuid NOT NULL,
        "n" bigint GENERATED ALWAYS AS IDENTITY,
        "source" text NOT NULL,
        "source_ref" text NOT NULL,
        "title" text NOT NULL,
        "description" text,
        "key_area" text NOT NULL,
        "category" text NOT NULL,
        "grid_path" text NOT NULL,
        "grid_id" uuid,
        "lng" float8,
        "lat" float8,
        "address" text,
        "state" text NOT NULL,
        "closure_type" text,
        "resolution_level" text,
        "reported_at" timestamptz NOT NULL,
        "closed_at" timestamptz,
        "stats_day" date NOT NULL,
        "registered" boolean NOT NULL,
        "imported_by" text NOT NULL,
        "staged_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("run_id", "n")
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "office"."incident_import_staging"`);
  }
}

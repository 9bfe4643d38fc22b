import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The street's incident list (街道案件列表) newest first, whole or by key area, from one index
 * range: the street is the first three labels of the grid path (STREET_PREFIX_SQL). Without them
 * a street — 1/400 of a city's rows — was read by walking the city-wide (key_area, reported_at)
 * index and dropping 399 rows in 400, or by sorting all its rows from the GiST index.
 */
// Also: updated_at and source_ref alone, for the list's updatedSince and sourceRef filters.
export class IncidentStreetIndexes1795630000000 implements MigrationInterface {
  name = 'IncidentStreetIndexes1795630000000';

  async up(q: QueryRunner): Promise<void> {
    const prefix = `(subpath("grid_path", 0, least(3, nlevel("grid_path"))))`;
    await q.query(`CREATE INDEX "incidents_street_reported_idx" ON "office"."incidents" (${prefix}, "reported_at" DESC, "id" DESC)`);
    await q.query(`CREATE INDEX "incidents_street_key_area_idx" ON "office"."incidents" (${prefix}, "key_area", "reported_at" DESC, "id" DESC)`);
    // A platform's incremental sync (?updatedSince=): the few rows changed since its last call.
    await q.query(`CREATE INDEX "incidents_updated_idx" ON "office"."incidents" ("updated_at")`);
    // Its reference alone (?sourceRef=, without source).
    await q.query(`CREATE INDEX "incidents_source_ref_only_idx" ON "office"."incidents" ("source_ref") WHERE "source_ref" IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "office"."incidents_source_ref_only_idx"`);
    await q.query(`DROP INDEX IF EXISTS "office"."incidents_updated_idx"`);
    await q.query(`DROP INDEX IF EXISTS "office"."incidents_street_key_area_idx"`);
    await q.query(`DROP INDEX IF EXISTS "office"."incidents_street_reported_idx"`);
  }
}

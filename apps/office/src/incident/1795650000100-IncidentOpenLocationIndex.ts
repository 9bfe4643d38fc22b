import { MigrationInterface, QueryRunner } from 'typeorm';

/** The states the "me too" search (查重) looks among: IncidentRepository.findDuplicateOf's own predicate. */
const NOT_OPEN = `'closed', 'rejected', 'duplicate'`;

/**
 * The incidents' location index only ever served the "me too" search, which looks among incidents
 * still open; it now holds only those. Every closed incident — nearly all of a city's history and
 * every row of a bulk import — no longer pays for a GiST insertion (measured at 10M incidents:
 * ~1 page read from outside shared_buffers per inserted row, a 0.7 GB index), and an incident
 * leaves the index when it closes. docs/performance.md, bulk import.
 */
export class IncidentOpenLocationIndex1795650000100 implements MigrationInterface {
  name = 'IncidentOpenLocationIndex1795650000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "incidents_open_location_gist" ON "office"."incidents" USING gist ("location") WHERE "state" NOT IN (${NOT_OPEN})`);
    await q.query(`DROP INDEX IF EXISTS "office"."incidents_location_gist"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "incidents_location_gist" ON "office"."incidents" USING gist ("location")`);
    await q.query(`DROP INDEX IF EXISTS "office"."incidents_open_location_gist"`);
  }
}

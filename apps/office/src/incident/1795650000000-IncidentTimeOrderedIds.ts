import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Incident ids become time-ordered (UUID version 7, RFC 9562: 48 bits of Unix milliseconds, then
 * random bits) instead of random (version 4). Every new incident then lands at the right-hand edge
 * of the primary key and of the history's (incident_id, seq) key instead of on a random leaf page
 * of a multi-GB index: at city scale each of those was one page read from outside shared_buffers
 * and one full-page image in the WAL per row (measured: docs/performance.md, bulk import). Existing
 * ids stay as they are; both kinds are UUIDs to every client.
 */
export class IncidentTimeOrderedIds1795650000000 implements MigrationInterface {
  name = 'IncidentTimeOrderedIds1795650000000';

  async up(q: QueryRunner): Promise<void> {
    // The version-4 UUID's first 48 bits replaced by the clock's milliseconds, its version nibble
    // turned from 0100 to 0111 (bits 52 and 53 of the bytea, least significant first); the variant
    // bits stay 10.
    await q.query(`
      CREATE FUNCTION "office"."uuid_v7"() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
        SELECT encode(
          set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
            PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6),
          52, 1), 53, 1), 'hex')::uuid
      $$`);
    await q.query(`COMMENT ON FUNCTION "office"."uuid_v7"() IS 'A time-ordered UUID (version 7, RFC 9562)'`);
    await q.query(`ALTER TABLE "office"."incidents" ALTER COLUMN "id" SET DEFAULT "office"."uuid_v7"()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "office"."incidents" ALTER COLUMN "id" SET DEFAULT gen_random_uuid()`);
    await q.query(`DROP FUNCTION "office"."uuid_v7"()`);
  }
}

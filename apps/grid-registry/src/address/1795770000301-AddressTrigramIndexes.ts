import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 按地址定位 (issue 23, item 2): trigram indexes (pg_trgm) on the names an address is matched
 * against — buildings, organisations, and compound and community grids — so a partial or misspelt
 * Chinese address finds its candidates by index, not by reading every name of the city.
 */
export class AddressTrigramIndexes1795770000301 implements MigrationInterface {
  name = 'AddressTrigramIndexes1795770000301';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public`);
    await q.query(`CREATE INDEX "buildings_name_trgm" ON "registry"."buildings" USING gin ("name" gin_trgm_ops)`);
    await q.query(`CREATE INDEX "organisations_name_trgm" ON "registry"."organisations" USING gin ("name" gin_trgm_ops)`);
    await q.query(`CREATE INDEX "grids_place_name_trgm" ON "registry"."grids" USING gin ("name" gin_trgm_ops) WHERE "level" IN ('compound', 'community')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "registry"."grids_place_name_trgm"`);
    await q.query(`DROP INDEX "registry"."organisations_name_trgm"`);
    await q.query(`DROP INDEX "registry"."buildings_name_trgm"`);
  }
}

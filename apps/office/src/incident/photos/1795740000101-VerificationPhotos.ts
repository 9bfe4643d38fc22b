import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 处置前后对比 (issue 23, item 7): the grid's photos at verification (核查), beside the report's
 * (`photos`) and the handling result's (`result_photos`). Each handle and verify entry of the
 * history also keeps the photos it was given (`data.photos`), so earlier rounds stay visible after
 * a rework.
 */
export class VerificationPhotos1795740000101 implements MigrationInterface {
  name = 'VerificationPhotos1795740000101';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "office"."incidents" ADD COLUMN "verification_photos" text[] NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "office"."incidents" DROP COLUMN "verification_photos"`);
  }
}

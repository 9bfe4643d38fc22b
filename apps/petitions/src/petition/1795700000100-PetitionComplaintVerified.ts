import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A petition replied on the merits may be a complaint against a staff member found true (查实投诉):
 * the person it was against, kept on the petition (`petitions.complaint.verified` tells appraisal,
 * where one verified complaint bars "excellent" at year end).
 */
export class PetitionComplaintVerified1795700000100 implements MigrationInterface {
  name = 'PetitionComplaintVerified1795700000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "petitions"."petitions" ADD COLUMN "complaint_verified_against_id" uuid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "petitions"."petitions" DROP COLUMN "complaint_verified_against_id"`);
  }
}

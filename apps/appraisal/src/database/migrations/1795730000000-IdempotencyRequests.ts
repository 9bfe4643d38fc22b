import { MigrationInterface, QueryRunner } from 'typeorm';
import { createIdempotencyRequests, dropIdempotencyRequests } from '@grid122/messaging';

/** Idempotency-Key of every command: the first answer per caller, key and subject (libs/messaging idempotency.store.ts). */
export class IdempotencyRequests1795730000000 implements MigrationInterface {
  name = 'IdempotencyRequests1795730000000';

  async up(q: QueryRunner): Promise<void> {
    await createIdempotencyRequests(q, 'appraisal');
  }

  async down(q: QueryRunner): Promise<void> {
    await dropIdempotencyRequests(q, 'appraisal');
  }
}

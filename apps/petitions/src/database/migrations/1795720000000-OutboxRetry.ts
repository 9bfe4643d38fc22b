import { MigrationInterface, QueryRunner } from 'typeorm';
import { addOutboxRetry, dropOutboxRetry } from '@grid122/messaging';

/** Per-row outbox retries (last error, next attempt, parked) and the pruning indexes (libs/messaging outbox.migration.ts). */
export class OutboxRetry1795720000000 implements MigrationInterface {
  name = 'OutboxRetry1795720000000';

  async up(q: QueryRunner): Promise<void> {
    await addOutboxRetry(q, 'petitions');
  }

  async down(q: QueryRunner): Promise<void> {
    await dropOutboxRetry(q, 'petitions');
  }
}

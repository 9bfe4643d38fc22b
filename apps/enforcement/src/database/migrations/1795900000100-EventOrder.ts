import { MigrationInterface, QueryRunner } from 'typeorm';
import { addEventOrder, dropEventOrder } from '@grid122/messaging';

/** Per-aggregate event numbers (written) and the last number each consumer applied (libs/messaging outbox.migration.ts, #22 item 2). */
export class EventOrder1795900000100 implements MigrationInterface {
  name = 'EventOrder1795900000100';

  async up(q: QueryRunner): Promise<void> {
    await addEventOrder(q, 'enforcement');
  }

  async down(q: QueryRunner): Promise<void> {
    await dropEventOrder(q, 'enforcement');
  }
}

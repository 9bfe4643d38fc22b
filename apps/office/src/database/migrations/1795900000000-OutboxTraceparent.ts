import { MigrationInterface, QueryRunner } from 'typeorm';
import { addOutboxTraceparent, dropOutboxTraceparent } from '@grid122/messaging';

/** The writer's W3C traceparent kept with each outbox row, published as the event's header (libs/messaging outbox.migration.ts, #22 item 9). */
export class OutboxTraceparent1795900000000 implements MigrationInterface {
  name = 'OutboxTraceparent1795900000000';

  async up(q: QueryRunner): Promise<void> {
    await addOutboxTraceparent(q, 'office');
  }

  async down(q: QueryRunner): Promise<void> {
    await dropOutboxTraceparent(q, 'office');
  }
}

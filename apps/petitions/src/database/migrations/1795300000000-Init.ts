import { MigrationInterface, QueryRunner } from 'typeorm';
import { createOutboxAndInbox, dropOutboxAndInbox } from '@grid122/messaging';

export class Init1795300000000 implements MigrationInterface {
  name = 'Init1795300000000';

  async up(q: QueryRunner): Promise<void> {
    await createOutboxAndInbox(q, 'petitions');
  }

  async down(q: QueryRunner): Promise<void> {
    await dropOutboxAndInbox(q, 'petitions');
  }
}

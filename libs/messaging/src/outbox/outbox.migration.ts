import { QueryRunner } from 'typeorm';

/** DDL of the outbox and inbox tables, shared by every service's first migration. */
export async function createOutboxAndInbox(q: QueryRunner, schema: string): Promise<void> {
  await q.query(`
    CREATE TABLE "${schema}"."outbox" (
      "id" uuid PRIMARY KEY,
      "type" text NOT NULL,
      "event" jsonb NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "published_at" timestamptz,
      "attempts" int NOT NULL DEFAULT 0
    )`);
  await q.query(`CREATE INDEX "outbox_unpublished_idx" ON "${schema}"."outbox" ("created_at") WHERE published_at IS NULL`);
  await q.query(`
    CREATE TABLE "${schema}"."inbox" (
      "consumer" text NOT NULL,
      "event_id" uuid NOT NULL,
      "handled_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("consumer", "event_id")
    )`);
}

export async function dropOutboxAndInbox(q: QueryRunner, schema: string): Promise<void> {
  await q.query(`DROP TABLE IF EXISTS "${schema}"."inbox"`);
  await q.query(`DROP TABLE IF EXISTS "${schema}"."outbox"`);
}

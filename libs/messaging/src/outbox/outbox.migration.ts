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

/**
 * Per-row retries of the outbox (a row that fails is retried with backoff and parked after N
 * attempts while the rest flow) and the indexes of the scheduled pruning of published outbox rows
 * and old inbox rows. Each service's `OutboxRetry` migration calls this.
 */
export async function addOutboxRetry(q: QueryRunner, schema: string): Promise<void> {
  await q.query(`ALTER TABLE "${schema}"."outbox" ADD COLUMN "last_error" text, ADD COLUMN "next_attempt_at" timestamptz, ADD COLUMN "parked_at" timestamptz`);
  await q.query(`CREATE INDEX "outbox_published_idx" ON "${schema}"."outbox" ("published_at") WHERE published_at IS NOT NULL`);
  await q.query(`CREATE INDEX "inbox_handled_at_idx" ON "${schema}"."inbox" ("handled_at")`);
}

export async function dropOutboxRetry(q: QueryRunner, schema: string): Promise<void> {
  await q.query(`DROP INDEX IF EXISTS "${schema}"."inbox_handled_at_idx"`);
  await q.query(`DROP INDEX IF EXISTS "${schema}"."outbox_published_idx"`);
  await q.query(`ALTER TABLE "${schema}"."outbox" DROP COLUMN "parked_at", DROP COLUMN "next_attempt_at", DROP COLUMN "last_error"`);
}

/**
 * The W3C `traceparent` of the request that wrote an outbox row (null when tracing is off), which
 * the relay publishes as the message's header (#22 item 9). Each service's `OutboxTraceparent`
 * migration calls this.
 */
export async function addOutboxTraceparent(q: QueryRunner, schema: string): Promise<void> {
  await q.query(`ALTER TABLE "${schema}"."outbox" ADD COLUMN IF NOT EXISTS "traceparent" text`);
}

export async function dropOutboxTraceparent(q: QueryRunner, schema: string): Promise<void> {
  await q.query(`ALTER TABLE "${schema}"."outbox" DROP COLUMN IF EXISTS "traceparent"`);
}

/**
 * Per-aggregate event order (#22 item 2): `event_sequences` numbers the events of each ordered
 * aggregate a service writes (ORDERED_EVENT_FAMILIES), `consumer_order` keeps, per consumer and
 * aggregate, the last number applied (or passed by a dead letter). Each service's `EventOrder`
 * migration calls this.
 */
export async function addEventOrder(q: QueryRunner, schema: string): Promise<void> {
  await q.query(`CREATE TABLE "${schema}"."event_sequences" ("aggregate" text PRIMARY KEY, "seq" bigint NOT NULL)`);
  await q.query(`
    CREATE TABLE "${schema}"."consumer_order" (
      "consumer" text NOT NULL,
      "aggregate" text NOT NULL,
      "last_seq" bigint NOT NULL,
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("consumer", "aggregate")
    )`);
}

export async function dropEventOrder(q: QueryRunner, schema: string): Promise<void> {
  await q.query(`DROP TABLE IF EXISTS "${schema}"."consumer_order"`);
  await q.query(`DROP TABLE IF EXISTS "${schema}"."event_sequences"`);
}

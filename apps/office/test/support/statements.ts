import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { requestContext } from '@grid122/observability';

/**
 * The SQL statements a service sends to Postgres for one request (test only): every statement a
 * query runner of `ds` (the app's DataSource) sends while the request's context is current —
 * BEGIN and COMMIT included — so a test can say what one call costs in round trips to Postgres.
 * The request is sent with a fresh request id, which RpcClient forwards and the service's
 * RpcContextInterceptor takes as its context; statements of other work (the relay's poll, the
 * consumers) run under other ids and are not counted. The outbox relay's mark of the rows it has
 * just published is left out too: it follows the commit of any request that writes an event
 * (docs/performance.md §13) and is not the request's own.
 */
export async function statementsOf<T>(ds: DataSource, call: () => Promise<T>, idempotencyKey?: string): Promise<{ result: T; statements: string[] }> {
  const requestId = `count-${randomUUID()}`;
  const statements: string[] = [];
  const proto = PostgresQueryRunner.prototype as unknown as { query: (this: PostgresQueryRunner, sql: string, ...rest: unknown[]) => Promise<unknown> };
  const original = proto.query;
  proto.query = function (this: PostgresQueryRunner, sql: string, ...rest: unknown[]) {
    if (this.connection === ds && requestContext.requestId() === requestId && !/^\s*UPDATE\s+"?office"?\."?outbox"?\s+SET\s+"?published_at/i.test(sql)) {
      statements.push(sql.replace(/\s+/g, ' ').trim());
    }
    return original.call(this, sql, ...rest);
  };
  try {
    const result = await requestContext.run({ requestId, idempotencyKey }, call);
    return { result, statements };
  } finally {
    proto.query = original;
  }
}


import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { requestContext } from '@grid122/observability';
import { recordStatements } from '@grid122/testing';

/**
 * The SQL statements a service sends to Postgres for one request (test only): every statement a
 * query runner of `ds` (the app's DataSource) sends while the request's context is current —
 * BEGIN and COMMIT included — so a test can say what one call costs in round trips to Postgres
 * (recordStatements, libs/testing, keeping the request's own).
 * The request is sent with a fresh request id, which RpcClient forwards and the service's
 * RpcContextInterceptor takes as its context; statements of other work (the relay's poll, the
 * consumers) run under other ids and are not counted. The outbox relay's mark of the rows it has
 * just published is left out too: it follows the commit of any request that writes an event
 * (docs/performance.md §13) and is not the request's own.
 */
export async function statementsOf<T>(ds: DataSource, call: () => Promise<T>, idempotencyKey?: string): Promise<{ result: T; statements: string[] }> {
  const requestId = `count-${randomUUID()}`;
  const { result, statements } = await recordStatements(
    ds,
    () => requestContext.run({ requestId, idempotencyKey }, call),
    (sql) => requestContext.requestId() === requestId && !/^\s*UPDATE\s+"?office"?\."?outbox"?\s+SET\s+"?published_at/i.test(sql),
  );
  return { result, statements: statements.map((s) => s.sql.replace(/\s+/g, ' ').trim()) };
}

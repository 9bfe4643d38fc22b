import { DataSource, QueryRunner } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';

/** A statement a query runner sent: the runner (one transaction) and the SQL text as sent. */
export interface SentStatement {
  runner: QueryRunner;
  sql: string;
}

type RunnerQuery = (this: PostgresQueryRunner, sql: string, ...rest: unknown[]) => Promise<unknown>;

/**
 * Every statement a query runner of `ds` sends to Postgres while `fn` runs (BEGIN and COMMIT
 * included), in the order sent, that `keep` keeps — asked as the statement is sent, so it can look
 * at the context current then (a request id): a measuring aid for tests (what a call or a batch
 * costs in round trips). Counts the runners made before `fn` as well as during it (the query of
 * PostgresQueryRunner is wrapped meanwhile), and only those of `ds`.
 */
export async function recordStatements<T>(
  ds: DataSource,
  fn: () => Promise<T>,
  keep: (sql: string, runner: QueryRunner) => boolean = () => true,
): Promise<{ result: T; statements: SentStatement[] }> {
  const statements: SentStatement[] = [];
  const proto = PostgresQueryRunner.prototype as unknown as { query: RunnerQuery };
  const original = proto.query;
  proto.query = function (this: PostgresQueryRunner, sql: string, ...rest: unknown[]) {
    if (this.connection === ds && keep(sql, this)) statements.push({ runner: this, sql });
    return original.call(this, sql, ...rest);
  };
  try {
    const result = await fn();
    return { result, statements };
  } finally {
    proto.query = original;
  }
}

/**
 * The statements each query runner of `ds` (each transaction: BEGIN and COMMIT included) sends
 * while `fn` runs, in the runners' order (recordStatements grouped by runner): e.g. a consumer's
 * batch costs as many statements whatever its size.
 */
export async function statementsPerRunner(ds: DataSource, fn: () => Promise<unknown>): Promise<number[]> {
  const { statements } = await recordStatements(ds, fn);
  const counts = new Map<QueryRunner, number>();
  for (const { runner } of statements) counts.set(runner, (counts.get(runner) ?? 0) + 1);
  return [...counts.values()];
}

import { AppName, SCHEMA } from '@grid122/contracts';
import { InboxEntryEntity, OutboxMessageEntity } from '@grid122/messaging';
import { DataSource, DataSourceOptions, MixedList } from 'typeorm';
import { grantAppRole } from './app-role';

export interface ServiceDataSourceInput {
  app: AppName;
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  poolSize?: number;
  /** The pool's size and timeouts (BaseEnv's DB_* keys; defaults below). */
  pool?: PoolSettings;
  /** Services have an outbox and inbox in their schema; the gateway does not. */
  outbox?: boolean;
}

export interface PoolSettings {
  DB_POOL_SIZE?: number;
  DB_CONNECT_TIMEOUT_MS?: number;
  DB_STATEMENT_TIMEOUT_MS?: number;
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS?: number;
}

/**
 * The pg pool's options: a bounded pool, a connect timeout (a Postgres that does not answer is a
 * 503 in seconds, not a hang), a statement timeout (no query holds a connection for ever) with a
 * client-side query timeout a little longer (a Postgres gone mid-query), and an
 * idle-in-transaction timeout (a transaction left open by a stuck process releases its locks).
 * `statementTimeoutMs: 0` (migrations) turns the statement timeout off.
 */
export function poolOptions(schema: string, p: PoolSettings = {}, overrides: { statementTimeoutMs?: number } = {}) {
  const statement = overrides.statementTimeoutMs ?? p.DB_STATEMENT_TIMEOUT_MS ?? 60_000;
  const idleInTx = p.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS ?? 60_000;
  return {
    max: p.DB_POOL_SIZE ?? 10,
    connectionTimeoutMillis: p.DB_CONNECT_TIMEOUT_MS ?? 5000,
    idleTimeoutMillis: 30_000,
    ...(statement > 0 ? { query_timeout: statement + 5000 } : {}),
    options: `-c search_path=${schema},public -c statement_timeout=${statement} -c idle_in_transaction_session_timeout=${idleInTx}`,
  };
}

/**
 * One schema per service, one migration history per service (`<schema>.migrations`), and a
 * search_path of `<schema>,public` so raw SQL names its own tables and finds PostGIS/ltree types.
 * `synchronize` is never on: the schema changes only through migrations.
 */
export function serviceDataSourceOptions(input: ServiceDataSourceInput): DataSourceOptions {
  const schema = SCHEMA[input.app];
  return {
    type: 'postgres',
    url: input.url,
    schema,
    entities: [...(input.entities as unknown[]), ...(input.outbox === false ? [] : [OutboxMessageEntity, InboxEntryEntity])] as never,
    migrations: input.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
    applicationName: input.app,
    extra: poolOptions(schema, { ...input.pool, DB_POOL_SIZE: input.poolSize ?? input.pool?.DB_POOL_SIZE }),
  };
}

/**
 * Creates the service's schema if needed, then runs its pending migrations, as the owner (the role
 * of `options`). With `appRole`, the application role then gets its rights on the schema
 * (`grantAppRole`: everything the app needs, but audit records only read and appended).
 */
export async function runMigrations(options: DataSourceOptions, opts: { appRole?: string } = {}): Promise<string[]> {
  const schema = (options as { schema?: string }).schema;
  // A migration may rewrite a big table: no statement timeout here.
  const extra = (options as { extra?: { options?: string; query_timeout?: number } }).extra;
  const { query_timeout: _none, ...rest } = extra ?? {};
  const ds = new DataSource({
    ...options,
    extra: { ...rest, ...(rest.options ? { options: rest.options.replace(/statement_timeout=\d+/, 'statement_timeout=0') } : {}) },
  } as DataSourceOptions);
  await ds.initialize();
  // Replicas (or init containers) starting together take turns: one migrates, the others then
  // find nothing pending. The lock is per schema, held on one pinned connection.
  const runner = ds.createQueryRunner();
  await runner.connect();
  const lockKey = `grid122:migrate:${schema ?? 'public'}`;
  try {
    await runner.query(`SELECT pg_advisory_lock(hashtext($1))`, [lockKey]);
    if (schema) await ds.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const done = await ds.runMigrations({ transaction: 'each' });
    if (schema && opts.appRole) await grantAppRole(ds, schema, opts.appRole);
    return done.map((m) => m.name);
  } finally {
    await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [lockKey]).catch(() => undefined);
    await runner.release();
    await ds.destroy();
  }
}

import { AppName, SCHEMA } from '@grid122/contracts';
import { InboxEntryEntity, OutboxMessageEntity } from '@grid122/messaging';
import { DataSource, DataSourceOptions, MixedList } from 'typeorm';

export interface ServiceDataSourceInput {
  app: AppName;
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  poolSize?: number;
  /** Services have an outbox and inbox in their schema; the gateway does not. */
  outbox?: boolean;
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
    extra: { max: input.poolSize ?? 10, options: `-c search_path=${schema},public` },
  };
}

/** Creates the service's schema if needed, then runs its pending migrations. */
export async function runMigrations(options: DataSourceOptions): Promise<string[]> {
  const schema = (options as { schema?: string }).schema;
  const ds = new DataSource(options);
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
    return done.map((m) => m.name);
  } finally {
    await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [lockKey]).catch(() => undefined);
    await runner.release();
    await ds.destroy();
  }
}

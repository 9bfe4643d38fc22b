import { TestEnv } from '@grid122/testing';
import { NatsConnection } from 'nats';
import { DataSource, QueryRunner } from 'typeorm';
import { ensureEventStream } from '../src/jetstream';
import { createOutboxAndInbox } from '../src/outbox/outbox.migration';

/**
 * A messaging spec's world: a private database and nats-server (TestEnv), one schema holding the
 * outbox and inbox (createOutboxAndInbox, then the later migrations the spec needs, in order) and
 * the spec's own tables, and the event stream.
 */
export class OutboxFixture {
  private constructor(
    readonly env: TestEnv,
    readonly schema: string,
    readonly ds: DataSource,
    readonly nc: NatsConnection,
  ) {}

  static async start(
    schema: string,
    opts: { migrations?: ((q: QueryRunner, schema: string) => Promise<void>)[]; tables?: string[] } = {},
  ): Promise<OutboxFixture> {
    const env = await TestEnv.start();
    const ds = await openOn(env, schema);
    await ds.query(`CREATE SCHEMA ${schema}`);
    const q = ds.createQueryRunner();
    await createOutboxAndInbox(q, schema);
    for (const migrate of opts.migrations ?? []) await migrate(q, schema);
    await q.release();
    for (const table of opts.tables ?? []) await ds.query(table);
    const nc = await env.connectNats();
    await ensureEventStream(nc);
    return new OutboxFixture(env, schema, ds, nc);
  }

  /** Another pool on the same schema (a second process). */
  dataSource(): Promise<DataSource> {
    return openOn(this.env, this.schema);
  }

  /** Stops what the spec started (each allowed to fail), then the connection, the database and the servers. */
  async stop(running: { stop(): Promise<void> }[] = []): Promise<void> {
    for (const r of running) await r.stop().catch(() => undefined);
    await this.nc.drain();
    await this.ds.destroy();
    await this.env.stop();
  }
}

const openOn = (env: TestEnv, schema: string): Promise<DataSource> =>
  new DataSource({ type: 'postgres', url: env.databaseUrl, extra: { options: `-c search_path=${schema},public` } }).initialize();

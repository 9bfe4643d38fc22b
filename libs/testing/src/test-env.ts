import { INestApplication } from '@nestjs/common';
import { connect, NatsConnection } from 'nats';
import { DataSourceOptions } from 'typeorm';
import { runMigrations } from '@grid122/persistence';
import { PrivateNatsServer } from './nats-server';
import { createTestDatabase } from './test-database';

/**
 * What one e2e test file runs against: its own database (cloned from the template with PostGIS
 * and ltree) and its own nats-server with JetStream. Sets DATABASE_URL and NATS_URL so the apps'
 * validated config picks them up. Always `await env.stop()` in afterAll.
 */
export class TestEnv {
  readonly apps: INestApplication[] = [];

  private constructor(
    readonly databaseUrl: string,
    readonly nats: PrivateNatsServer,
    private readonly dropDb: () => Promise<void>,
  ) {}

  static async start(): Promise<TestEnv> {
    const [db, nats] = await Promise.all([createTestDatabase(), Promise.resolve(new PrivateNatsServer())]);
    await nats.start();
    process.env.DATABASE_URL = db.url;
    process.env.NATS_URL = nats.url;
    process.env.NODE_ENV = 'test';
    process.env.PORT = '0';
    process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'error';
    process.env.DEMO_MODE = 'false';
    return new TestEnv(db.url, nats, db.drop);
  }

  get natsUrl(): string {
    return this.nats.url;
  }

  /** A NATS connection for the test itself (publishing events, asking services directly). */
  connectNats(name = 'test'): Promise<NatsConnection> {
    return connect({ servers: this.nats.url, name });
  }

  async migrate(...options: DataSourceOptions[]): Promise<void> {
    for (const o of options) await runMigrations(o);
  }

  /** Keeps track of an app so stop() closes it. */
  track<T extends INestApplication>(app: T): T {
    this.apps.push(app);
    return app;
  }

  async stop(): Promise<void> {
    for (const app of this.apps.reverse()) await app.close().catch(() => undefined);
    await this.nats.destroy();
    await this.dropDb();
  }
}

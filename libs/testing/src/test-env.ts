import { INestApplication } from '@nestjs/common';
import { connect, NatsConnection } from 'nats';
import { DataSource, DataSourceOptions } from 'typeorm';
import { grantAppRole, runMigrations } from '@grid122/persistence';
import { AppName } from '@grid122/contracts';
import { NatsCredentials } from '@grid122/messaging';
import { enableNatsAuth, TEST_NATS_USER } from './nats-auth-config';
import { PrivateNatsServer } from './nats-server';
import { asRole, createTestDatabase, ensureAppRole, TEST_APP_ROLE } from './test-database';

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
    /** Each app's NATS user and password on this server, and the test's own (`test`, every right). */
    readonly natsCredentials: Record<string, NatsCredentials>,
  ) {}

  /**
   * The nats-server runs with one user per app and its permissions (libs/messaging nats-auth.ts),
   * as in a deployment. An app booted in this process connects as the user `test` unless booted
   * through `asApp()` (the gateway suite boots every app under its own identity).
   */
  static async start(): Promise<TestEnv> {
    const [db, nats] = await Promise.all([createTestDatabase(), Promise.resolve(new PrivateNatsServer())]);
    const natsCredentials = enableNatsAuth(nats);
    await nats.start();
    process.env.NATS_USER = TEST_NATS_USER;
    process.env.NATS_PASSWORD = natsCredentials[TEST_NATS_USER].password;
    process.env.DATABASE_URL = db.url;
    process.env.NATS_URL = nats.url;
    process.env.NODE_ENV = 'test';
    process.env.PORT = '0';
    process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'error';
    process.env.DEMO_MODE = 'false';
    return new TestEnv(db.url, nats, db.drop, natsCredentials);
  }

  get natsUrl(): string {
    return this.nats.url;
  }

  /** A NATS connection for the test itself (publishing events, asking services directly), as `user` (default: the test's own, every right). */
  connectNats(name = 'test', user: string = TEST_NATS_USER): Promise<NatsConnection> {
    const c = this.natsCredentials[user];
    return connect({ servers: this.nats.url, name, user: c.user, pass: c.password });
  }

  /** The environment that gives an app its own NATS identity (for an app started as a process). */
  appEnv(app: AppName): Record<string, string> {
    return { NATS_USER: app, NATS_PASSWORD: this.natsCredentials[app].password };
  }

  /** Runs `fn` (which reads the app's config from process.env) with the app's own NATS identity. */
  asApp<T>(app: AppName, fn: () => T): T {
    const saved = { NATS_USER: process.env.NATS_USER, NATS_PASSWORD: process.env.NATS_PASSWORD };
    Object.assign(process.env, this.appEnv(app));
    try {
      return fn();
    } finally {
      Object.assign(process.env, saved);
    }
  }

  /** Runs the migrations as the owner (the test server's superuser). */
  async migrate(...options: DataSourceOptions[]): Promise<void> {
    for (const o of options) await runMigrations(o);
  }

  /**
   * This database as the application role (`grid122_app`: not the owner, not a superuser), with
   * its rights granted on the schemas of `options` (already migrated): what production runs as.
   */
  async appDatabaseUrl(...options: DataSourceOptions[]): Promise<string> {
    await ensureAppRole();
    for (const o of options) {
      const ds = await new DataSource(o).initialize();
      try {
        await grantAppRole(ds, (o as { schema: string }).schema, TEST_APP_ROLE);
      } finally {
        await ds.destroy();
      }
    }
    return asRole(this.databaseUrl, TEST_APP_ROLE);
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

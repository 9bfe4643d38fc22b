import * as argon2 from 'argon2';
import { Client } from 'pg';
import { connect, NatsConnection } from 'nats';
import { NatsCredentials } from '@grid122/messaging';
import { AppProcess, createTestDatabase, enableNatsAuth, freePort, PrivateNatsServer, TEST_NATS_USER } from '@grid122/testing';
import { PrivatePostgres } from './private-postgres';

export const FAULT_PASSWORD = 'fault-password-1';
export const STREET = 'nj.gulou.btq';
export const GRID = `${STREET}.c01.g2_01.g3_01`;
export const GRID_ID = '11111111-1111-4111-8111-111111111111';

/** The accounts the fault driver acts as. */
const ACCOUNTS = [
  { username: 'commander', role: 'street_commander', scope: STREET, unit: null },
  { username: 'worker', role: 'grid_worker', scope: GRID, unit: null },
  { username: 'auditor', role: 'auditor', scope: '', unit: null },
  { username: 'petitions', role: 'unit_member', scope: STREET, unit: 'petitions' },
  { username: 'social', role: 'unit_member', scope: STREET, unit: 'social' },
  { username: 'enforcement', role: 'unit_member', scope: STREET, unit: 'enforcement' },
];

export interface ProcessSuiteOptions {
  /** A PostgreSQL cluster of the suite's own (what a Postgres restart may stop), instead of the shared test server. */
  privatePostgres?: boolean;
  /** More than one process of an app, in the same NATS queue group: `{ office: 2 }` adds `office#2`. */
  replicas?: Record<string, number>;
}

/**
 * The suite as child processes (run from source) on a fresh test database and a private
 * nats-server: what the fault specs break. Services first, then the gateway. The nats-server runs
 * with the suite's users and permissions (libs/messaging nats-auth.ts), each app as its own user,
 * as in a deployment; the spec's own client is `test`.
 */
export class ProcessSuite {
  readonly apps = new Map<string, AppProcess>();

  private constructor(
    readonly databaseUrl: string,
    readonly nats: PrivateNatsServer,
    private readonly dropDb: () => Promise<void>,
    private readonly natsCredentials: Record<string, NatsCredentials>,
    /** The suite's own Postgres, when asked for (ProcessSuiteOptions.privatePostgres). */
    readonly postgres?: PrivatePostgres,
  ) {}

  static async start(listed: string[], extraEnv: Record<string, string> = {}, opts: ProcessSuiteOptions = {}): Promise<ProcessSuite> {
    // identity (the audit log every audited action writes to) runs whatever the spec lists
    const services = [...new Set([...listed, 'identity'])];
    let db: { url: string; drop: () => Promise<void> };
    let postgres: PrivatePostgres | undefined;
    if (opts.privatePostgres) {
      postgres = new PrivatePostgres();
      await postgres.init();
      const pg = postgres;
      db = { url: await pg.createDatabase('grid122_test_faults'), drop: () => pg.destroy() };
    } else {
      db = await createTestDatabase();
    }
    const nats = new PrivateNatsServer();
    const natsCredentials = enableNatsAuth(nats);
    await nats.start();
    const suite = new ProcessSuite(db.url, nats, db.drop, natsCredentials, postgres);
    const env = {
      DATABASE_URL: db.url,
      NATS_URL: nats.url,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DEMO_MODE: 'false',
      ...extraEnv,
    };
    for (const app of [...services, 'gateway']) {
      const own = natsCredentials[app];
      const appEnv = { ...env, NATS_USER: own.user, NATS_PASSWORD: own.password };
      suite.apps.set(app, new AppProcess({ app, env: appEnv, port: await freePort() }));
      // a replica is the same app: the same NATS user, the same queue group
      for (let n = 2; n <= (opts.replicas?.[app] ?? 1); n += 1) suite.apps.set(`${app}#${n}`, new AppProcess({ app, env: appEnv, port: await freePort() }));
    }
    // Migrations (each app its own schema and history; a replica shares its app's), then the apps, in parallel.
    await Promise.all([...services, 'gateway'].map((app) => suite.app(app).migrate()));
    await Promise.all([...suite.apps.keys()].filter((k) => k !== 'gateway').map((k) => suite.app(k).start()));
    await suite.app('gateway').start();
    await suite.seedAccounts();
    return suite;
  }

  app(name: string): AppProcess {
    const p = this.apps.get(name);
    if (!p) throw new Error(`no app ${name}`);
    return p;
  }

  /** The spec's own NATS client (`test`: every right on this server). */
  connectNats(): Promise<NatsConnection> {
    const c = this.natsCredentials[TEST_NATS_USER];
    return connect({ servers: this.nats.url, user: c.user, pass: c.password });
  }

  get gatewayUrl(): string {
    return this.app('gateway').url;
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const c = new Client({ connectionString: this.databaseUrl, application_name: 'fault-check' });
    await c.connect();
    try {
      return (await c.query(sql, params)).rows as T[];
    } finally {
      await c.end();
    }
  }

  private async seedAccounts(): Promise<void> {
    const hash = await argon2.hash(FAULT_PASSWORD, { type: argon2.argon2id, timeCost: 2, memoryCost: 8192 });
    for (const a of ACCOUNTS) {
      await this.query(
        `INSERT INTO identity.accounts (username, display_name, password_hash, role, unit, scope) VALUES ($1,$1,$2,$3,$4,$5)`,
        [a.username, hash, a.role, a.unit, a.scope],
      );
    }
  }

  async stop(): Promise<void> {
    await Promise.all([...this.apps.values()].map((p) => p.kill('SIGKILL')));
    await this.nats.destroy();
    await this.dropDb();
  }
}

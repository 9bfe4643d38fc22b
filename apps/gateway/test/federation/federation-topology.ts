import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as argon2 from 'argon2';
import { Client } from 'pg';
import { AppProcess, createTestDatabase, freePort, PrivateNatsServer } from '@grid122/testing';

export const FED_PASSWORD = 'federation-password-1';

/**
 * Service subjects never cross a leaf link: a street whose office is down must get 503, not the
 * neighbouring street's office answering through the hub. Events (`evt.>`) and tasks (`fed.>`)
 * cross only as JetStream sources over `$JS.<domain>.API`. Production uses the same list
 * (deploy/k8s/nats/values-street.yaml).
 */
export const LEAF_DENY = ['office.>', 'registry.>', 'petitions.>', 'enforcement.>', 'social.>', 'appraisal.>', 'gateway.>', 'evt.>', 'fed.>'];

export interface Account {
  username: string;
  role: string;
  scope: string;
}

/** One level's nats-server: JetStream domain + leafnode listener (hub) or remote (street), config in a temp dir. */
export class FederatedNats extends PrivateNatsServer {
  readonly confDir = mkdtempSync(join(tmpdir(), 'grid122-fed-conf-'));

  constructor(
    readonly serverName: string,
    readonly domain: string,
    private readonly leaf: { listenPort?: number; hubPort?: number },
  ) {
    super();
  }

  override async start(): Promise<void> {
    const lines = [`server_name: ${this.serverName}`, `jetstream { domain: ${this.domain} }`];
    if (this.leaf.listenPort) lines.push(`leafnodes { listen: "127.0.0.1:${this.leaf.listenPort}" }`);
    if (this.leaf.hubPort) {
      lines.push(
        `leafnodes { reconnect: 1, remotes: [ { url: "nats-leaf://127.0.0.1:${this.leaf.hubPort}", deny_imports: ${JSON.stringify(LEAF_DENY)}, deny_exports: ${JSON.stringify(LEAF_DENY)} } ] }`,
      );
    }
    const file = join(this.confDir, `${this.serverName}.conf`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    await super.start(['-c', file]);
  }

  override async destroy(): Promise<void> {
    await super.destroy();
    rmSync(this.confDir, { recursive: true, force: true });
  }
}

/** One level: its nats-server, its database, its apps as child processes from source. */
export class Level {
  readonly apps = new Map<string, AppProcess>();
  private constructor(
    readonly name: string,
    readonly nats: FederatedNats,
    readonly databaseUrl: string,
    private readonly dropDb: () => Promise<void>,
  ) {}

  static async create(name: string, nats: FederatedNats, apps: string[], env: Record<string, string>): Promise<Level> {
    const db = await createTestDatabase();
    const level = new Level(name, nats, db.url, db.drop);
    const base = { DATABASE_URL: db.url, NATS_URL: nats.url, NODE_ENV: 'test', LOG_LEVEL: 'warn', DEMO_MODE: 'false', OFFICE_SWEEP_INTERVAL_MS: '0', ...env };
    for (const app of apps) level.apps.set(app, new AppProcess({ app, env: base, port: await freePort() }));
    return level;
  }

  async migrate(): Promise<void> {
    for (const p of this.apps.values()) await p.migrate();
  }

  async start(): Promise<void> {
    const services = [...this.apps.values()].filter((p) => p.name !== 'gateway');
    await Promise.all(services.map((p) => p.start(120_000)));
    await this.apps.get('gateway')?.start(120_000);
  }

  get url(): string {
    return this.apps.get('gateway')!.url;
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const c = new Client({ connectionString: this.databaseUrl, application_name: 'federation-check' });
    await c.connect();
    try {
      return (await c.query(sql, params)).rows as T[];
    } finally {
      await c.end();
    }
  }

  async seedAccounts(accounts: Account[]): Promise<void> {
    const hash = await argon2.hash(FED_PASSWORD, { type: argon2.argon2id, timeCost: 2, memoryCost: 8192 });
    for (const a of accounts) {
      await this.query(`INSERT INTO gateway.accounts (username, display_name, password_hash, role, scope) VALUES ($1,$1,$2,$3,$4)`, [a.username, hash, a.role, a.scope]);
    }
  }

  private readonly tokens = new Map<string, string>();

  async call(method: string, path: string, username: string, body?: unknown): Promise<{ status: number; body: any }> {
    if (!this.tokens.has(username)) {
      const r = await fetch(`${this.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: FED_PASSWORD }) });
      if (r.status !== 200) throw new Error(`${this.name} login ${username}: ${r.status} ${await r.text()}`);
      this.tokens.set(username, ((await r.json()) as { accessToken: string }).accessToken);
    }
    const r = await fetch(`${this.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.tokens.get(username)}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(15_000),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : {} };
  }

  async stop(): Promise<void> {
    await Promise.all([...this.apps.values()].map((p) => p.kill('SIGKILL')));
    await this.nats.destroy();
    await this.dropDb();
  }
}

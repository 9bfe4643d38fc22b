import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { runMigrations } from '@grid122/persistence';
import { createTestDatabase } from '@grid122/testing';
import { dataSourceOptions as federationDs } from '../../federation/src/database/data-source';
import { dataSourceOptions as identityDs } from '../../identity/src/database/data-source';
import { dataSourceOptions as gatewayDs } from '../src/database/data-source';

jest.setTimeout(120_000);

/** The gateway's schema as its history up to Sessions1795820000320 left it (pg_dump), with its migration rows. */
const BEFORE_IDENTITY = readFileSync(join(__dirname, 'fixtures/gateway-schema-1795820000320.sql'), 'utf8');
const ACCOUNT = '0b6f6f4e-6f1a-4d7e-9c1b-2f3a4b5c6d7e';
const TASK = '7d9e1c2b-3a4f-4b5c-8d6e-1f2a3b4c5d6e';

type Db = { url: string; ds: DataSource; drop: () => Promise<void> };
const opened: Db[] = [];

async function database(): Promise<Db> {
  const { url, drop } = await createTestDatabase();
  const ds = await new DataSource({ type: 'postgres', url }).initialize();
  const db = { url, ds, drop };
  opened.push(db);
  return db;
}

/** Runs each app's migrations in the order given, as `migrate` does (the image: gateway … federation, identity; npm start: … federation, identity, gateway). */
async function migrate(db: Db, ...apps: Array<() => DataSourceOptions>): Promise<void> {
  for (const app of apps) await runMigrations({ ...app(), url: db.url } as DataSourceOptions);
}

/** An existing deployment from before identity: an account with a session and a live-feed ticket, five audit entries, a task handed down, a rate window. */
async function deploymentBeforeIdentity(): Promise<Db> {
  const db = await database();
  await db.ds.query(BEFORE_IDENTITY);
  await db.ds.query(`INSERT INTO gateway.accounts (id, username, display_name, password_hash, role, scope) VALUES ($1, 'old-admin', '旧管理员', 'argon2-kept', 'admin', 'nj')`, [ACCOUNT]);
  await db.ds.query(`INSERT INTO gateway.sessions (account_id, refresh_hash, expires_at) VALUES ($1, 'r', now() + interval '1 day')`, [ACCOUNT]);
  await db.ds.query(`INSERT INTO gateway.stream_tickets (ticket_hash, account_id, expires_at) VALUES ('t', $1, now() + interval '1 minute')`, [ACCOUNT]);
  for (let i = 0; i < 5; i++) await db.ds.query(`INSERT INTO gateway.audit_log (actor_name, action, result, details) VALUES ($1, 'auth.login', 'ok', $2)`, [`user-${i}`, { i }]);
  await db.ds.query(
    `INSERT INTO gateway.federation_tasks (id, street, reference, channel, title, key_area, category, grid_path, body_hash, message, issued_by)
     VALUES ($1, 'btq', '12345-0001', 'hotline_12345', '噪音扰民', 'grassroots_organisation', 'noise', 'nj.gulou.btq', 'h', '{}', $2)`,
    [TASK, ACCOUNT],
  );
  await db.ds.query(`INSERT INTO gateway.rate_limits (key, hits, resets_at) VALUES ('login:ip:1', 3, now() + interval '1 minute')`);
  return db;
}

const gatewayTables = async (ds: DataSource) =>
  (await ds.query(`SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'gateway' AND relkind = 'r' ORDER BY relname`)).map((r: { relname: string }) => r.relname);
const gatewayForeignKeys = async (ds: DataSource) =>
  ds.query(`SELECT conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'gateway' AND contype = 'f'`);

/** What every upgrade must leave, whichever app migrated first. */
async function expectUpgraded(ds: DataSource): Promise<void> {
  // identity moved the accounts with their sessions, and the audit log with its chain and head
  expect(await ds.query(`SELECT id, password_hash FROM identity.accounts`)).toEqual([{ id: ACCOUNT, password_hash: 'argon2-kept' }]);
  expect(await ds.query(`SELECT count(*)::int AS n FROM identity.sessions WHERE account_id = $1`, [ACCOUNT])).toEqual([{ n: 1 }]);
  const rows = await ds.query(`SELECT seq::int, actor_name, hash = identity.audit_entry_hash(prev_hash, seq, at, actor_id, actor_name, action, target, result, ip, details) AS intact FROM identity.audit_log ORDER BY seq`);
  expect(rows).toEqual(Array.from({ length: 5 }, (_, i) => ({ seq: i + 1, actor_name: `user-${i}`, intact: true })));
  const [head] = await ds.query(`SELECT seq::int, hash FROM identity.audit_chain_head`);
  expect(head.seq).toBe(5);
  await ds.query(`INSERT INTO identity.audit_log (action, result) VALUES ('test.after_move', 'ok')`);
  expect((await ds.query(`SELECT seq::int, prev_hash FROM identity.audit_log WHERE action = 'test.after_move'`))[0]).toEqual({ seq: 6, prev_hash: head.hash });
  await expect(ds.query(`UPDATE identity.audit_log SET result = 'failed'`)).rejects.toThrow(/append-only/);
  await expect(ds.query(`TRUNCATE identity.audit_log`)).rejects.toThrow(/TRUNCATE is refused/);
  // federation copied the tasks handed down
  expect(await ds.query(`SELECT id, reference FROM federation.tasks`)).toEqual([{ id: TASK, reference: '12345-0001' }]);
  // the gateway kept its ticket and windows, with no key into identity's schema, and no audit table or function
  expect(await ds.query(`SELECT account_id FROM gateway.stream_tickets`)).toEqual([{ account_id: ACCOUNT }]);
  expect(await ds.query(`SELECT hits FROM gateway.rate_limits`)).toEqual([{ hits: 3 }]);
  expect(await gatewayForeignKeys(ds)).toEqual([]);
  expect(await ds.query(`SELECT proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'gateway'`)).toEqual([]);
  // left for an operator (docs/operations.md, "Upgrading"): the old read model and the accounts API's keys
  expect(await gatewayTables(ds)).toEqual([
    'federation_escalations', 'federation_inbox', 'federation_incidents', 'federation_tasks', 'idempotency_requests', 'migrations', 'rate_limits', 'stream_tickets',
  ]);
}

/**
 * The gateway's history was squashed into one baseline (GatewayBaseline1796100000000). A deployment
 * migrated by the old history upgrades — identity's and federation's migrations still find the
 * gateway's old tables and move or copy what they hold, in the image's app order and in npm
 * start's — and a fresh database gets only what the gateway owns today.
 */
describe('the gateway schema: one baseline, upgrades from the history before it', () => {
  beforeAll(() => {
    process.env.NODE_ENV = 'test';
  });
  afterAll(async () => {
    for (const db of opened) {
      await db.ds.destroy();
      await db.drop();
    }
  });

  it('upgrades a deployment from before identity in the image\'s order (gateway first)', async () => {
    const db = await deploymentBeforeIdentity();
    await migrate(db, gatewayDs, federationDs, identityDs);
    await expectUpgraded(db.ds);
    expect((await db.ds.query(`SELECT name FROM gateway.migrations ORDER BY id DESC LIMIT 1`))[0].name).toBe('GatewayBaseline1796100000000');
  });

  it('upgrades it in npm start\'s order (identity first, the gateway last)', async () => {
    const db = await deploymentBeforeIdentity();
    await migrate(db, federationDs, identityDs, gatewayDs);
    await expectUpgraded(db.ds);
  });

  it('upgrades a deployment that ran the whole old history (identity and federation took over already)', async () => {
    const db = await deploymentBeforeIdentity();
    await migrate(db, federationDs, identityDs);
    // what the gateway's last two old migrations did: the tickets' key to the accounts dropped, their names recorded
    await db.ds.query(`ALTER TABLE gateway.stream_tickets DROP CONSTRAINT stream_tickets_account_id_fkey`);
    await db.ds.query(`INSERT INTO gateway.migrations (timestamp, name) VALUES (1795840000110, 'AuditLogMovedToIdentity1795840000110'), (1795840000210, 'AccountsMovedToIdentity1795840000210')`);
    await migrate(db, gatewayDs);
    await expectUpgraded(db.ds);
  });

  it('makes only the rate windows and the live-feed tickets on a fresh database, whichever app migrates first', async () => {
    for (const order of [[gatewayDs, identityDs, federationDs], [identityDs, federationDs, gatewayDs]]) {
      const db = await database();
      await migrate(db, ...order);
      expect(await gatewayTables(db.ds)).toEqual(['migrations', 'rate_limits', 'stream_tickets']);
      expect(await gatewayForeignKeys(db.ds)).toEqual([]);
      expect((await db.ds.query(`SELECT to_regclass('identity.audit_log') AS a, to_regclass('identity.accounts') AS b`))[0]).toEqual({ a: 'identity.audit_log', b: 'identity.accounts' });
      expect(await db.ds.query(`SELECT seq::int FROM identity.audit_chain_head`)).toEqual([{ seq: 0 }]);
    }
  });

  it('refuses a history older than Sessions1795820000320 (identity would not move its accounts), changing nothing', async () => {
    const db = await database();
    await db.ds.query(`CREATE SCHEMA gateway; CREATE TABLE gateway.migrations (id serial PRIMARY KEY, timestamp bigint NOT NULL, name varchar NOT NULL)`);
    await db.ds.query(`INSERT INTO gateway.migrations (timestamp, name) VALUES (1795300000000, 'Init1795300000000')`);
    await expect(migrate(db, gatewayDs)).rejects.toThrow(/lacks migration Sessions1795820000320/);
    expect(await gatewayTables(db.ds)).toEqual(['migrations']);
  });
});

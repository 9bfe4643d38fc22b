import { DataSource } from 'typeorm';
import { TestEnv } from '@grid122/testing';
import { dataSourceOptions as identityDs } from '../../identity/src/database/data-source';
import { dataSourceOptions as gatewayDs } from '../src/database/data-source';

jest.setTimeout(120_000);

/**
 * An existing deployment: the gateway's schema holds the hash-chained audit log with entries. The
 * identity service's first migration moves it (rows, seq, hashes, head) into schema identity, so
 * the chain verifies across the move and the next entry links to the last one; the gateway's
 * tables and functions are gone. And the other order (identity first on a fresh database): the
 * gateway's old migrations make empty tables again, which its AuditLogMovedToIdentity drops.
 */
describe('the audit log moves from the gateway to identity', () => {
  let env: TestEnv;
  let ds: DataSource;

  beforeAll(async () => {
    env = await TestEnv.start();
    // the gateway's history up to its last migration before the move, with entries written as the gateway wrote them
    const gw = await new DataSource({ ...gatewayDs(), migrations: (gatewayDs().migrations as Function[]).filter((m) => m.name !== 'AuditLogMovedToIdentity1795840000110') } as never).initialize();
    await gw.query(`CREATE SCHEMA IF NOT EXISTS gateway`);
    await gw.runMigrations({ transaction: 'each' });
    for (let i = 0; i < 5; i++) await gw.query(`INSERT INTO gateway.audit_log (actor_name, action, result, details) VALUES ($1, 'auth.login', 'ok', $2)`, [`user-${i}`, { i }]);
    await gw.destroy();
    await env.migrate(identityDs(), gatewayDs());
    ds = await new DataSource({ type: 'postgres', url: env.databaseUrl }).initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await env?.stop();
  });

  it('keeps every entry, its chain and the head, and chains the next entry to them', async () => {
    const rows = await ds.query(`SELECT seq::int, actor_name, hash = identity.audit_entry_hash(prev_hash, seq, at, actor_id, actor_name, action, target, result, ip, details) AS intact FROM identity.audit_log ORDER BY seq`);
    expect(rows).toEqual(Array.from({ length: 5 }, (_, i) => ({ seq: i + 1, actor_name: `user-${i}`, intact: true })));
    const [head] = await ds.query(`SELECT seq::int, hash FROM identity.audit_chain_head`);
    expect(head.seq).toBe(5);
    await ds.query(`INSERT INTO identity.audit_log (action, result) VALUES ('test.after_move', 'ok')`);
    const [next] = await ds.query(`SELECT seq::int, prev_hash FROM identity.audit_log WHERE action = 'test.after_move'`);
    expect(next).toEqual({ seq: 6, prev_hash: head.hash });
  });

  it('leaves no audit table or function in the gateway schema, and the triggers bind on identity', async () => {
    expect((await ds.query(`SELECT to_regclass('gateway.audit_log') AS a, to_regclass('gateway.audit_chain_head') AS h`))[0]).toEqual({ a: null, h: null });
    expect(await ds.query(`SELECT proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'gateway' AND proname LIKE '%audit%'`)).toEqual([]);
    await expect(ds.query(`UPDATE identity.audit_log SET result = 'failed'`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`TRUNCATE identity.audit_log`)).rejects.toThrow(/TRUNCATE is refused/);
  });

  it('on a fresh database migrated identity first, drops the gateway\'s empty tables again', async () => {
    const fresh = await TestEnv.start();
    try {
      await fresh.migrate(identityDs(), gatewayDs());
      const db = await new DataSource({ type: 'postgres', url: fresh.databaseUrl }).initialize();
      try {
        expect((await db.query(`SELECT to_regclass('gateway.audit_log') AS a, to_regclass('identity.audit_log') AS i`))[0]).toEqual({ a: null, i: 'identity.audit_log' });
      } finally {
        await db.destroy();
      }
    } finally {
      await fresh.stop();
    }
  });
});

import { INestApplication } from '@nestjs/common';
import { NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { bootstrapService } from '@grid122/bootstrap';
import { DEMO_ACTOR_SIGNING_KEY } from '@grid122/config';
import { Actor, QueryAudit, RecordAudit, Role, VerifyAudit } from '@grid122/contracts';
import { ActorSigner, AppError, RpcClient } from '@grid122/messaging';
import { TestEnv } from '@grid122/testing';
import { AppModule } from '../src/app.module';
import { dataSourceOptions } from '../src/database/data-source';

jest.setTimeout(120_000);

const AUDITOR: Actor = { id: '5d1c7a0e-2b3f-4c4d-8e5f-6a7b8c9d0e1f', username: 'auditor', role: Role.Auditor, scope: '' };
const ADMIN: Actor = { id: '6e2d8b1f-3c4a-4d5e-9f6a-7b8c9d0e1f2a', username: 'admin', role: Role.Admin, scope: '' };

/**
 * The identity service's audit log against real Postgres and NATS, through its contracts: a fresh
 * database gets an empty chain; entries are chained 1..n whoever writes them at once; the app role
 * may only append and read; an entry the database refuses is AUDIT_UNAVAILABLE; only the auditor
 * reads and verifies, and each read and check is itself an entry.
 */
describe('identity: the audit log (identity.audit.*)', () => {
  let env: TestEnv;
  let app: INestApplication;
  let nc: NatsConnection;
  let rpc: RpcClient;
  let owner: DataSource;

  beforeAll(async () => {
    env = await TestEnv.start();
    await env.migrate(dataSourceOptions());
    const appUrl = await env.appDatabaseUrl(dataSourceOptions());
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = appUrl;
    const module = env.asApp('identity', () => AppModule.forRoot());
    process.env.DATABASE_URL = saved;
    app = await bootstrapService({ app: 'identity', module: module as never, natsUrl: env.natsUrl, port: 0, logLevel: process.env.LOG_LEVEL, shutdownGraceMs: 0 });
    // as the gateway: its NATS user may ask identity.*
    nc = await env.connectNats('identity-spec', 'gateway');
    rpc = new RpcClient(() => nc, 5000, new ActorSigner({ current: DEMO_ACTOR_SIGNING_KEY, ttlSeconds: 60 }));
    owner = await new DataSource(dataSourceOptions()).initialize();
  });
  afterAll(async () => {
    await owner?.destroy();
    await nc?.close();
    await app?.close();
    await env?.stop();
  });

  it('starts a fresh database with an empty chain', async () => {
    expect(await owner.query(`SELECT seq::int, hash FROM identity.audit_chain_head`)).toEqual([{ seq: 0, hash: null }]);
    // no audit table left in the gateway's schema
    expect((await owner.query(`SELECT to_regclass('gateway.audit_log') AS t`))[0].t).toBeNull();
  });

  it('chains concurrent entries 1..n with no gap', async () => {
    const seqs = await Promise.all(
      Array.from({ length: 20 }, (_, i) => rpc.call(RecordAudit, { actorName: `writer-${i}`, action: 'test.write', result: 'ok', ip: '10.0.0.1', details: { i } }, ADMIN)),
    );
    expect(seqs.map((s) => Number(s.seq)).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const unlinked = await owner.query(`SELECT a.seq FROM identity.audit_log a LEFT JOIN identity.audit_log b ON b.seq = a.seq - 1 WHERE a.seq > 1 AND a.prev_hash IS DISTINCT FROM b.hash`);
    expect(unlinked).toEqual([]);
  });

  it('refuses a malformed entry naming the field', async () => {
    await expect(rpc.call(RecordAudit, { action: 'Not An Action', result: 'ok' }, ADMIN)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('answers AUDIT_UNAVAILABLE when the database refuses the entry', async () => {
    await owner.query(`ALTER TABLE identity.audit_log ADD CONSTRAINT test_refuse CHECK (action <> 'test.refused') NOT VALID`);
    try {
      await expect(rpc.call(RecordAudit, { action: 'test.refused', result: 'ok' }, ADMIN)).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE' });
    } finally {
      await owner.query(`ALTER TABLE identity.audit_log DROP CONSTRAINT test_refuse`);
    }
  });

  it('runs as the application role: append and read only; the owner is refused by the triggers', async () => {
    const ds = app.get(DataSource);
    expect((await ds.query(`SELECT current_user AS u`))[0].u).toBe('grid122_app');
    for (const sql of [`TRUNCATE identity.audit_log`, `UPDATE identity.audit_log SET result = 'ok'`, `DELETE FROM identity.audit_log`, `UPDATE identity.audit_chain_head SET seq = 0`, `SELECT identity.prune_audit_log(180)`]) {
      await expect(ds.query(sql)).rejects.toThrow(/permission denied/);
    }
    await expect(owner.query(`TRUNCATE identity.audit_log`)).rejects.toThrow(/append-only: TRUNCATE is refused/);
    await expect(owner.query(`UPDATE identity.audit_log SET result = 'ok'`)).rejects.toThrow(/append-only/);
    await expect(owner.query(`SELECT identity.prune_audit_log(30)`)).rejects.toThrow(/at least 180 days/);
  });

  it('lets only the auditor read and verify, each read itself an entry', async () => {
    await expect(rpc.call(QueryAudit, {}, ADMIN)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(rpc.call(VerifyAudit, {}, ADMIN)).rejects.toBeInstanceOf(AppError);
    const page = await rpc.call(QueryAudit, { action: 'test.*', limit: 5, ip: '10.0.0.9' }, AUDITOR);
    expect(page.items).toHaveLength(5);
    expect(page.nextCursor).not.toBeNull();
    const verify = await rpc.call(VerifyAudit, { ip: '10.0.0.9' }, AUDITOR);
    expect(verify).toMatchObject({ ok: true, firstBroken: null });
    expect(verify.checked).toBeGreaterThanOrEqual(21);
    const reads = await owner.query(`SELECT action, ip FROM identity.audit_log WHERE actor_name = 'auditor' ORDER BY seq`);
    expect(reads).toEqual([
      { action: 'audit.read', ip: '10.0.0.9' },
      { action: 'audit.verify', ip: '10.0.0.9' },
    ]);
  });
});

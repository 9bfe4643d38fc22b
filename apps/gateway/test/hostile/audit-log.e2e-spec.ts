import { DataSource } from 'typeorm';
import { eventually } from '@grid122/testing';
import { startSuite, Suite } from '../support/suite';

/**
 * Hostile network, the audit log (the identity service's). Identity connects as the application
 * role (not the owner of its schema, as deployed): its UPDATE, DELETE and TRUNCATE of identity.audit_log are refused by
 * the grants, and the owner's by triggers; INSERT and SELECT (what the app needs) work. Every entry
 * is hash-chained, and the auditor's verify finds a changed, removed or cut-off entry.
 */
jest.setTimeout(120_000);

describe('hostile network: the audit log', () => {
  let suite: Suite;
  let app: DataSource;
  let owner: DataSource;

  beforeAll(async () => {
    suite = await startSuite({ services: [], env: { AUDIT_REJECTED_TOKEN_WINDOW_SECONDS: '3' } });
    await suite.http().post('/api/v1/auth/login').send({ username: 'admin', password: 'wrong-password-0' }).expect(401);
    app = suite.services.identity!.get(DataSource);
    owner = await suite.dataSource('identity');
  });
  afterAll(async () => suite?.stop());

  it('runs the audit log\'s writer (identity) as the application role, not the owner', async () => {
    const [me] = await app.query(`SELECT current_user AS role, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS super, (SELECT tableowner FROM pg_tables WHERE schemaname = 'identity' AND tablename = 'audit_log') AS owner`);
    expect(me.role).toBe('grid122_app');
    expect(me.super).toBe(false);
    expect(me.owner).not.toBe('grid122_app');
  });

  it('refuses TRUNCATE, UPDATE and DELETE by the app role (grants) and by the owner (triggers), and keeps every row', async () => {
    const before = (await app.query(`SELECT count(*)::int AS n FROM identity.audit_log`))[0].n;
    expect(before).toBeGreaterThan(0);
    for (const sql of [`TRUNCATE identity.audit_log`, `UPDATE identity.audit_log SET result = 'ok'`, `DELETE FROM identity.audit_log`, `UPDATE identity.audit_chain_head SET seq = 0`, `SELECT identity.prune_audit_log(180)`]) {
      await expect(app.query(sql)).rejects.toThrow(/permission denied/);
    }
    await expect(owner.query(`TRUNCATE identity.audit_log`)).rejects.toThrow(/append-only: TRUNCATE is refused/);
    await expect(owner.query(`UPDATE identity.audit_log SET result = 'ok'`)).rejects.toThrow(/append-only/);
    await expect(owner.query(`DELETE FROM identity.audit_log`)).rejects.toThrow(/append-only/);
    expect((await app.query(`SELECT count(*)::int AS n FROM identity.audit_log`))[0].n).toBe(before);
  });

  it('counts a flood of forged tokens instead of writing a row for each', async () => {
    const ip = '203.0.113.77';
    for (let i = 0; i < 30; i += 1) {
      await suite.http().get('/api/v1/incidents').set({ authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.forged', 'x-forwarded-for': ip }).expect(401);
    }
    await eventually(async () => {
      const rows = await app.query(`SELECT details FROM identity.audit_log WHERE action = 'auth.token_rejected' AND ip = $1 ORDER BY id`, [ip]);
      expect(rows.length).toBeLessThan(10); // two rows per window at most, against 30 without counting
      expect(rows.reduce((n: number, r: { details: { repeats?: number } | null }) => n + 1 + (r.details?.repeats ?? 0) - (r.details?.repeats ? 1 : 0), 0)).toBe(30);
    });
  });

  it('chains every entry, concurrent writers included, and the auditor verifies the chain', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => suite.http().post('/api/v1/auth/login').set('x-forwarded-for', `198.51.100.${i + 1}`).send({ username: `nobody-${i}`, password: 'wrong-password-0' })),
    );
    const [{ n, max, distinct }] = await app.query(`SELECT count(*)::int AS n, max(seq)::int AS max, count(DISTINCT seq)::int AS distinct FROM identity.audit_log`);
    expect({ max, distinct }).toEqual({ max: n, distinct: n }); // 1..n, no gap, no twice
    const unlinked = await app.query(`SELECT a.seq FROM identity.audit_log a LEFT JOIN identity.audit_log b ON b.seq = a.seq - 1 WHERE a.seq > 1 AND a.prev_hash IS DISTINCT FROM b.hash`);
    expect(unlinked).toEqual([]);
    const res = await suite.http().get('/api/v1/audit/verify').set({ authorization: `Bearer ${await suite.token('auditor')}` });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, firstBroken: null, from: { seq: '1' } });
    expect(res.body.checked).toBeGreaterThanOrEqual(n);
    for (const who of ['admin', 'commander']) {
      expect({ who, status: (await suite.http().get('/api/v1/audit/verify').set({ authorization: `Bearer ${await suite.token(who)}` })).status }).toEqual({ who, status: 403 });
    }
  });

  it('reports the first broken link when a superuser rewrites, removes or cuts off entries behind the triggers', async () => {
    const verify = async () => (await suite.http().get('/api/v1/audit/verify').set({ authorization: `Bearer ${await suite.token('auditor')}` })).body;
    // A superuser (not the app) can switch the triggers off; the chain still shows what was done.
    const behindTriggers = (sql: string, params: unknown[] = []) =>
      owner.transaction(async (m) => {
        await m.query(`SET LOCAL session_replication_role = replica`);
        return m.query(sql, params);
      });
    // as jsonb, so `at` keeps its microseconds (a JS Date would cut them and change the hash)
    const row = async (seq: number) => (await app.query(`SELECT to_jsonb(a) AS r FROM identity.audit_log a WHERE seq = $1`, [seq]))[0].r;
    const putBack = (r: Record<string, unknown>) =>
      behindTriggers(`INSERT INTO identity.audit_log SELECT * FROM jsonb_populate_record(NULL::identity.audit_log, $1::jsonb)`, [JSON.stringify(r)]);

    // 1. an entry's content changed
    const fifth = await row(5);
    await behindTriggers(`UPDATE identity.audit_log SET result = 'ok' WHERE seq = 5`);
    expect((await verify()).firstBroken).toMatchObject({ seq: '5', reason: 'hash' });
    await behindTriggers(`UPDATE identity.audit_log SET result = $1 WHERE seq = 5`, [fifth.result]);
    expect((await verify()).ok).toBe(true);

    // 2. an entry changed and its own hash recomputed: the next entry's link breaks
    await behindTriggers(`UPDATE identity.audit_log SET target = 'nothing-happened', hash = identity.audit_entry_hash(prev_hash, seq, at, actor_id, actor_name, action, 'nothing-happened', result, ip, details) WHERE seq = 5`);
    expect((await verify()).firstBroken).toMatchObject({ seq: '6', reason: 'prev_hash' });
    await behindTriggers(`DELETE FROM identity.audit_log WHERE seq = 5`);
    await putBack(fifth);
    expect((await verify()).ok).toBe(true);

    // 3. an entry removed
    const seventh = await row(7);
    await behindTriggers(`DELETE FROM identity.audit_log WHERE seq = 7`);
    expect((await verify()).firstBroken).toMatchObject({ seq: '7', reason: 'missing' });
    await putBack(seventh);
    expect((await verify()).ok).toBe(true);

    // 4. the newest entry removed (the chain head, written only by the trigger, still names it)
    const newest = await row((await app.query(`SELECT max(seq)::int AS s FROM identity.audit_log`))[0].s);
    await behindTriggers(`DELETE FROM identity.audit_log WHERE seq = $1`, [newest.seq]);
    expect((await verify()).firstBroken).toMatchObject({ seq: String(newest.seq), reason: 'tail' });
    await putBack(newest);
    const after = await verify();
    expect(after.ok).toBe(true);
    const found = await app.query(`SELECT details FROM identity.audit_log WHERE action = 'audit.verify' ORDER BY seq`);
    expect(found.filter((r: { details: { ok: boolean } }) => !r.details.ok).length).toBe(4); // every failed check is itself on the record
  });

  it('still lets the app append and read (control)', async () => {
    await app.query(`INSERT INTO identity.audit_log (action, result) VALUES ('test.append', 'ok')`);
    expect((await app.query(`SELECT count(*)::int AS n FROM identity.audit_log WHERE action = 'test.append'`))[0].n).toBe(1);
  });
});

import { DataSource } from 'typeorm';
import { eventually } from '@grid122/testing';
import { startSuite, Suite, TEST_PASSWORD } from '../support/suite';

/**
 * Hostile network, the accounts API (账号管理): the system admin creates, changes, disables and
 * resets business accounts, each change audited in its own transaction; he cannot give or take an
 * administrator duty (三员分立: not make anyone auditor or security admin, not reset their
 * passwords, not touch his own account); an account change whose audit row cannot be written
 * changes nothing.
 */
jest.setTimeout(120_000);

describe('hostile network: the accounts API', () => {
  let suite: Suite;
  let db: DataSource;
  const bearer = async (u: string) => ({ authorization: `Bearer ${await suite.token(u)}` });
  const admin = async () => bearer('admin');
  const login = (username: string, password: string) => suite.http().post('/api/v1/auth/login').send({ username, password });
  const audits = (action: string, target: string) =>
    db.query(`SELECT actor_name, result, details FROM identity.audit_log WHERE action = $1 AND target = $2 ORDER BY seq`, [action, target]);

  beforeAll(async () => {
    suite = await startSuite({ services: [] });
    db = await suite.dataSource('gateway');
    await db.query(
      `INSERT INTO identity.accounts (username, display_name, password_hash, role, scope) SELECT 'security', '安全管理员', password_hash, 'security_admin', '' FROM identity.accounts WHERE username = 'admin'`,
    );
  });
  afterAll(async () => suite?.stop());

  it('lets the admin create, change, reset and disable a business account, each change audited with its before and after', async () => {
    const created = await suite.http().post('/api/v1/accounts').set(await admin()).send({ username: 'wangwei', displayName: '王伟', password: 'first-password-1', role: 'grid_worker', scope: 'nj.gulou.btq.c01' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'wangwei', role: 'grid_worker', scope: 'nj.gulou.btq.c01', disabled: false });
    expect(created.body.passwordHash).toBeUndefined();
    const id = created.body.id;
    expect((await login('wangwei', 'first-password-1')).status).toBe(200);

    const changed = await suite.http().patch(`/api/v1/accounts/${id}`).set(await admin()).send({ role: 'street_commander', scope: 'nj.gulou.btq' });
    expect(changed.status).toBe(200);
    const token = (await login('wangwei', 'first-password-1')).body.accessToken;
    expect((await suite.http().get('/api/v1/auth/me').set({ authorization: `Bearer ${token}` })).body).toMatchObject({ role: 'street_commander', scope: 'nj.gulou.btq' });

    expect((await suite.http().post(`/api/v1/accounts/${id}/password`).set(await admin()).send({ password: 'second-password-2' })).status).toBe(200);
    expect((await login('wangwei', 'first-password-1')).status).toBe(401);
    expect((await login('wangwei', 'second-password-2')).status).toBe(200);

    expect((await suite.http().post(`/api/v1/accounts/${id}/disable`).set(await admin()).send({ reason: '调离岗位' })).body).toMatchObject({ disabled: true });
    expect((await login('wangwei', 'second-password-2')).status).toBe(401);
    await eventually(async () => expect((await suite.http().get('/api/v1/auth/me').set({ authorization: `Bearer ${token}` })).status).toBe(401), 8000);
    expect((await suite.http().post(`/api/v1/accounts/${id}/enable`).set(await admin()).send({})).body).toMatchObject({ disabled: false });
    expect((await login('wangwei', 'second-password-2')).status).toBe(200);

    for (const action of ['account.create', 'account.change', 'account.password_reset', 'account.disable', 'account.enable']) {
      const rows = await audits(action, 'wangwei');
      expect({ action, rows: rows.map((r: { actor_name: string; result: string }) => [r.actor_name, r.result]) }).toEqual({ action, rows: [['admin', 'ok']] });
    }
    expect((await audits('account.change', 'wangwei'))[0].details).toMatchObject({ before: { role: 'grid_worker', scope: 'nj.gulou.btq.c01' }, after: { role: 'street_commander', scope: 'nj.gulou.btq' } });
    // the passwords never reach the audit log
    const text = (await db.query(`SELECT string_agg(coalesce(details::text, ''), ' ') AS t FROM identity.audit_log`))[0].t;
    expect(text).not.toMatch(/first-password|second-password/);
  });

  it('answers a retried create with its first result (Idempotency-Key), another body under the key 422', async () => {
    const body = { username: 'lina', displayName: '李娜', password: 'lina-password-1', role: 'unit_member', unit: 'social', scope: 'nj.gulou.btq' };
    const a = await suite.http().post('/api/v1/accounts').set({ ...(await admin()), 'idempotency-key': 'create-lina' }).send(body);
    const b = await suite.http().post('/api/v1/accounts').set({ ...(await admin()), 'idempotency-key': 'create-lina' }).send(body);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.id).toBe(a.body.id);
    expect((await audits('account.create', 'lina')).length).toBe(1);
    expect((await suite.http().post('/api/v1/accounts').set({ ...(await admin()), 'idempotency-key': 'create-lina' }).send({ ...body, scope: 'nj.gulou' })).status).toBe(422);
    expect((await suite.http().post('/api/v1/accounts').set(await admin()).send(body)).status).toBe(409);
  });

  it('refuses bad input naming the field', async () => {
    const base = { username: 'zhaolei', displayName: '赵磊', password: 'zhaolei-password-1', role: 'grid_worker', scope: 'nj.gulou.btq' };
    for (const [patch, field] of [
      [{ username: 'A B' }, 'username'],
      [{ password: 'short1' }, 'password'],
      [{ password: 'onlyletterslongenough' }, 'password'],
      [{ role: 'unit_member' }, 'unit'],
      [{ role: 'department_liaison' }, 'departmentId'],
      [{ scope: '' }, 'scope'],
      [{ role: 'emperor' }, 'role'],
    ] as const) {
      const res = await suite.http().post('/api/v1/accounts').set(await admin()).send({ ...base, ...patch });
      expect({ patch, status: res.status, fields: res.body.details?.fields?.map((f: { field: string }) => f.field) }).toEqual({ patch, status: 400, fields: [field] });
    }
    expect((await db.query(`SELECT count(*)::int AS n FROM identity.accounts WHERE username = 'zhaolei'`))[0].n).toBe(0);
  });

  it('refuses the admin every administrator duty (三员分立), audited as denied, and leaves those accounts as they were', async () => {
    const auditorId = (await db.query(`SELECT id FROM identity.accounts WHERE username = 'auditor'`))[0].id;
    const securityId = (await db.query(`SELECT id FROM identity.accounts WHERE username = 'security'`))[0].id;
    const adminId = (await db.query(`SELECT id FROM identity.accounts WHERE username = 'admin'`))[0].id;
    const workerId = (await db.query(`SELECT id FROM identity.accounts WHERE username = 'worker'`))[0].id;
    const attempts: [string, 'post' | 'patch', string, object][] = [
      ['create an auditor', 'post', '/api/v1/accounts', { username: 'stooge', displayName: 'x', password: 'stooge-password-1', role: 'auditor', scope: 'nj' }],
      ['create a security admin', 'post', '/api/v1/accounts', { username: 'stooge2', displayName: 'x', password: 'stooge-password-1', role: 'security_admin', scope: 'nj' }],
      ['create another admin', 'post', '/api/v1/accounts', { username: 'stooge3', displayName: 'x', password: 'stooge-password-1', role: 'admin', scope: 'nj' }],
      ['make a grid worker the auditor', 'patch', `/api/v1/accounts/${workerId}`, { role: 'auditor' }],
      ["reset the auditor's password", 'post', `/api/v1/accounts/${auditorId}/password`, { password: 'taken-over-password-1' }],
      ['disable the security admin', 'post', `/api/v1/accounts/${securityId}/disable`, {}],
      ['turn the auditor into a commander', 'patch', `/api/v1/accounts/${auditorId}`, { role: 'street_commander', scope: 'nj.gulou.btq' }],
      ['change his own role', 'patch', `/api/v1/accounts/${adminId}`, { role: 'street_commander', scope: 'nj' }],
    ];
    for (const [what, method, path, body] of attempts) {
      const res = await suite.http()[method](path).set(await admin()).send(body);
      expect({ what, status: res.status, code: res.body.code }).toEqual({ what, status: 403, code: 'SEPARATION_OF_DUTIES' });
    }
    expect((await db.query(`SELECT count(*)::int AS n FROM identity.accounts WHERE username LIKE 'stooge%'`))[0].n).toBe(0);
    expect((await db.query(`SELECT role FROM identity.accounts WHERE id = $1`, [workerId]))[0].role).toBe('grid_worker');
    expect((await login('auditor', TEST_PASSWORD)).status).toBe(200);
    expect((await login('security', TEST_PASSWORD)).status).toBe(200);
    const denied = await db.query(`SELECT count(*)::int AS n FROM identity.audit_log WHERE action LIKE 'account.%' AND result = 'denied' AND actor_name = 'admin'`);
    expect(denied[0].n).toBe(attempts.length);
  });

  it('serves the accounts API to the system admin alone', async () => {
    for (const who of ['auditor', 'security', 'commander', 'district']) {
      expect({ who, status: (await suite.http().get('/api/v1/accounts').set(await bearer(who))).status }).toEqual({ who, status: 403 });
      const res = await suite.http().post('/api/v1/accounts').set(await bearer(who)).send({ username: `by-${who}`, displayName: 'x', password: 'any-password-12', role: 'grid_worker', scope: 'nj.gulou.btq' });
      expect({ who, status: res.status }).toEqual({ who, status: 403 });
    }
    const list = await suite.http().get('/api/v1/accounts?role=grid_worker').set(await admin());
    expect(list.status).toBe(200);
    expect(list.body.items.map((a: { username: string }) => a.username)).toContain('worker');
    expect(JSON.stringify(list.body)).not.toMatch(/argon2/);
  });

  it('changes nothing when the audit row cannot be written (fail closed)', async () => {
    // The database refuses the audit row of an account creation (as a full disk or a broken
    // audit table would): the creation must not happen either.
    await db.query(`ALTER TABLE identity.audit_log ADD CONSTRAINT test_audit_refuses_accounts CHECK (action <> 'account.create') NOT VALID`);
    try {
      const res = await suite.http().post('/api/v1/accounts').set(await admin()).send({ username: 'ghost', displayName: '幽灵', password: 'ghost-password-1', role: 'grid_worker', scope: 'nj.gulou.btq' });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 503, code: 'AUDIT_UNAVAILABLE' });
      expect((await db.query(`SELECT count(*)::int AS n FROM identity.accounts WHERE username = 'ghost'`))[0].n).toBe(0);
      const id = (await db.query(`SELECT id FROM identity.accounts WHERE username = 'lina'`))[0].id;
      // and a change audited under another action still works (control)
      expect((await suite.http().post(`/api/v1/accounts/${id}/disable`).set(await admin()).send({})).status).toBe(200);
    } finally {
      await db.query(`ALTER TABLE identity.audit_log DROP CONSTRAINT test_audit_refuses_accounts`);
    }
    expect((await suite.http().post('/api/v1/accounts').set(await admin()).send({ username: 'ghost', displayName: '幽灵', password: 'ghost-password-1', role: 'grid_worker', scope: 'nj.gulou.btq' })).status).toBe(201);
  });
});

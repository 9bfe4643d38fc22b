import { JwtService } from '@nestjs/jwt';
import { loadGatewayEnv } from '../../src/config/gateway.env';
import { OTHER_STREET, startSuite, STREET, Suite, TEST_PASSWORD } from '../support/suite';
import { isPublic, Route, routesOf } from './openapi-routes';

/**
 * Access (访问控制) over EVERY route of the OpenAPI document, so a new route is covered without
 * being listed: no token → 401 (bar the documented public routes), a forged, an `alg: none` and
 * an expired token → 401, no role ever gets a 5xx, another street's commander sees nothing of
 * this street. Then the MLPS separated roles on the audit log, and login throttling.
 */
jest.setTimeout(120_000);

describe('abuse: access to every route', () => {
  let suite: Suite;
  let routes: Route[];
  let incidentId: string;
  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

  const send = (r: Route, headers: Record<string, string>, body?: unknown) => {
    const req = suite.http()[r.method](r.url).set(headers).timeout(15_000);
    return body === undefined ? req : req.send(body as object);
  };

  beforeAll(async () => {
    suite = await startSuite({ services: ['office', 'grid-registry'], env: { OFFICE_SWEEP_INTERVAL_MS: '0', LOGIN_IP_MAX_FAILURES: '6' } });
    for (const u of ['admin', 'commander', 'worker', 'auditor', 'other-commander', 'district']) await suite.token(u);
    await suite.dataSource('gateway').then((ds) =>
      ds.query(`INSERT INTO identity.accounts (username, display_name, password_hash, role, scope) SELECT 'secadmin', '安全管理员', password_hash, 'security_admin', '' FROM identity.accounts WHERE username = 'admin'`),
    );
    const doc = (await suite.http().get('/api/docs-json').expect(200)).body;
    routes = routesOf(doc);
    incidentId = (await suite.report('commander', { source: 'grid_patrol', title: '暴露垃圾 access', keyArea: 'other', category: 'exposed_rubbish', address: '5号楼', gridId: '11111111-1111-4111-8111-111111111111', gridPath: `${STREET}.c01.g2_01.g3_01` })).id;
  }, 120_000);
  afterAll(async () => suite?.stop());

  it('finds the routes of the document', () => {
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['get /api/v1/audit', 'post /api/v1/incidents']));
  });

  it('answers 401 JSON without a token on every non-public route', async () => {
    const wrong: string[] = [];
    for (const r of routes.filter((x) => !isPublic(x))) {
      const res = await send(r, {}, r.method === 'get' ? undefined : {});
      if (res.status !== 401 || !/application\/json/.test(res.headers['content-type'] ?? '')) wrong.push(`${r.method} ${r.path}: ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('answers 401 to a forged, an unsigned and an expired token on every route that needs one', async () => {
    const env = loadGatewayEnv();
    const claims = { sub: '00000000-0000-4000-8000-000000000000', username: 'admin', role: 'admin', scope: '' };
    const forged = new JwtService({ secret: 'not-the-secret-not-the-secret-00000' }).sign(claims, { expiresIn: 600 });
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    const expired = new JwtService({ secret: env.jwtSecret() }).sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 });
    const wrong: string[] = [];
    for (const r of routes.filter((x) => !isPublic(x) || x.streaming)) {
      for (const [name, t] of [['forged', forged], ['none', none], ['expired', expired]]) {
        const res = await send(r, bearer(t), r.method === 'get' ? undefined : {});
        if (res.status !== 401) wrong.push(`${name} ${r.method} ${r.path}: ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('never answers 5xx to any role, and refuses the roles a route does not allow', async () => {
    const wrong: string[] = [];
    for (const who of ['worker', 'auditor', 'district', 'other-commander']) {
      const t = await suite.token(who);
      for (const r of routes.filter((x) => !x.streaming && !x.endsSession)) {
        const res = await send(r, bearer(t), r.method === 'get' ? undefined : {}).catch((e: Error) => ({ status: 599, body: { code: e.message }, headers: {} as Record<string, string> }));
        // 503/504: a unit service this file does not start (the gateway names it, never hangs).
        if (res.status >= 500 && !(res.status === 503 || res.status === 504)) wrong.push(`${who} ${r.method} ${r.path}: ${res.status} ${res.body?.code}`);
        if (res.status >= 400 && !/application\/json/.test(res.headers['content-type'] ?? '')) wrong.push(`${who} ${r.method} ${r.path}: not JSON`);
      }
    }
    expect(wrong).toEqual([]);
  }, 600_000); // four roles × every route: a sweep that grows with the API, on a shared two-core machine

  it("shows another street's commander nothing of this street (every parameterless GET, and the incident by id)", async () => {
    const t = await suite.token('other-commander');
    const leaks: string[] = [];
    for (const r of routes.filter((x) => x.method === 'get' && !x.path.includes('{') && !x.streaming && !isPublic(x))) {
      const res = await send(r, bearer(t));
      if (res.status === 200 && JSON.stringify(res.body ?? res.text).includes(`${STREET}.`)) leaks.push(`${r.path}`);
    }
    expect(leaks).toEqual([]);
    await suite.http().get(`/api/v1/incidents/${incidentId}`).set(bearer(t)).expect(404);
    expect(OTHER_STREET).not.toBe(STREET);
  });

  it('keeps the audit log to the auditor alone (三员分立): not the system admin, not the security admin', async () => {
    for (const who of ['admin', 'commander', 'worker', 'secadmin']) {
      const res = await suite.http().get('/api/v1/audit').set(bearer(await suite.token(who)));
      expect({ who, status: res.status }).toEqual({ who, status: 403 });
    }
    const res = await suite.http().get('/api/v1/audit?action=auth.*&limit=500').set(bearer(await suite.token('auditor'))).expect(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.every((e: { action: string }) => e.action.startsWith('auth.'))).toBe(true);
    // the refusals above were audited, with who, what, where and result
    for (const who of ['admin', 'secadmin']) {
      const denied = await suite.http().get(`/api/v1/audit?action=authz.denied&result=denied&actor=${who}`).set(bearer(await suite.token('auditor'))).expect(200);
      expect(denied.body.items.map((e: { actorName: string; target: string }) => `${e.actorName} ${e.target}`)).toContain(`${who} GET /api/v1/audit`);
    }
    // and the auditor's own reads are in the log too
    const reads = await suite.http().get('/api/v1/audit?action=audit.read&actor=auditor').set(bearer(await suite.token('auditor'))).expect(200);
    expect(reads.body.items.length).toBeGreaterThanOrEqual(2);
    await suite.http().get('/api/v1/audit?from=yesterday').set(bearer(await suite.token('auditor'))).expect(400);
    await suite.http().get("/api/v1/audit?action=x';drop table").set(bearer(await suite.token('auditor'))).expect(400);
  });

  it('pages the audit log by cursor without overlap', async () => {
    const t = await suite.token('auditor');
    const first = (await suite.http().get('/api/v1/audit?limit=2').set(bearer(t)).expect(200)).body;
    expect(first.nextCursor).toBeTruthy();
    const second = (await suite.http().get(`/api/v1/audit?limit=2&cursor=${first.nextCursor}`).set(bearer(t)).expect(200)).body;
    expect(Number(second.items[0].id)).toBeLessThan(Number(first.items[1].id));
  });

  it('keeps the audit log append-only and younger than 180 days unprunable', async () => {
    const ds = await suite.dataSource('gateway');
    await expect(ds.query(`UPDATE identity.audit_log SET result = 'ok'`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`DELETE FROM identity.audit_log`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`SELECT identity.prune_audit_log(30)`)).rejects.toThrow(/at least 180 days/);
    const before = await ds.query(`SELECT count(*)::int AS n FROM identity.audit_log`);
    expect((await ds.query(`SELECT identity.prune_audit_log(180) AS n`))[0].n).toBe('0');
    expect(await ds.query(`SELECT count(*)::int AS n FROM identity.audit_log`)).toEqual(before);
  });

  it("lets only the security admin unlock an account, and audits it", async () => {
    for (let i = 0; i < 5; i += 1) await suite.http().post('/api/v1/auth/login').set('x-forwarded-for', '198.51.100.9').send({ username: 'liaison', password: 'wrong-password' });
    const locked = await suite.http().post('/api/v1/auth/login').set('x-forwarded-for', '198.51.100.10').send({ username: 'liaison', password: TEST_PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('AUTH_ACCOUNT_LOCKED');
    await suite.http().post('/api/v1/security/accounts/liaison/unlock').set(bearer(await suite.token('admin'))).expect(403);
    const list = await suite.http().get('/api/v1/security/locked-accounts').set(bearer(await suite.token('secadmin'))).expect(200);
    expect(list.body.items.map((a: { username: string }) => a.username)).toContain('liaison');
    await suite.http().post('/api/v1/security/accounts/liaison/unlock').set(bearer(await suite.token('secadmin'))).expect(200);
    await suite.http().post('/api/v1/auth/login').set('x-forwarded-for', '198.51.100.10').send({ username: 'liaison', password: TEST_PASSWORD }).expect(200);
    const audit = await suite.http().get('/api/v1/audit?action=account.unlock').set(bearer(await suite.token('auditor'))).expect(200);
    expect(audit.body.items[0]).toMatchObject({ actorName: 'secadmin', target: 'liaison', result: 'ok' });
  });

  it('throttles one address spraying passwords over many names, even with a right password, and not the others', async () => {
    const ip = '203.0.113.7';
    for (let i = 0; i < 6; i += 1) {
      const res = await suite.http().post('/api/v1/auth/login').set('x-forwarded-for', ip).send({ username: `nobody-${i}`, password: 'guess' });
      expect(res.status).toBe(401);
    }
    const blocked = await suite.http().post('/api/v1/auth/login').set('x-forwarded-for', ip).send({ username: 'social', password: TEST_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('RATE_LIMITED');
    await suite.http().post('/api/v1/auth/login').set('x-forwarded-for', '203.0.113.8').send({ username: 'social', password: TEST_PASSWORD }).expect(200);
    const audit = await suite.http().get('/api/v1/audit?action=auth.login&result=denied').set(bearer(await suite.token('auditor'))).expect(200);
    expect(audit.body.items.some((e: { ip: string; details: { reason?: string } }) => e.ip === ip && e.details?.reason === 'address throttled')).toBe(true);
  });

  it('audits a forged token as a rejected credential', async () => {
    await suite.http().get('/api/v1/incidents').set(bearer('eyJhbGciOiJIUzI1NiJ9.e30.forged')).expect(401);
    // The sweeps above already rejected tokens on every route from this address: within the counting
    // window this one is a repeat of theirs, so look through every page of rejections, not the newest.
    const t = await suite.token('auditor');
    const rows: Array<{ id: string; target: string; result: string }> = [];
    for (let cursor: string | undefined; ; ) {
      const page = await suite.http().get(`/api/v1/audit?action=auth.token_rejected&limit=500${cursor ? `&cursor=${cursor}` : ''}`).set(bearer(t)).expect(200);
      rows.push(...page.body.items);
      cursor = page.body.nextCursor ?? undefined;
      if (!cursor) break;
    }
    expect(rows).toEqual(expect.arrayContaining([expect.objectContaining({ target: 'GET /api/v1/incidents', result: 'denied' })]));
    // newest first by number across the pages (hundreds of rows by now: 99 after 100, not between 990 and 988)
    const ids = rows.map((r) => BigInt(r.id));
    expect(ids.length).toBeGreaterThan(100);
    expect(ids.every((id, i) => i === 0 || id < ids[i - 1])).toBe(true);
  });
});

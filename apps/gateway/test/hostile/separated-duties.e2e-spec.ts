import { randomUUID } from 'node:crypto';
import { startSuite, Suite } from '../support/suite';

/**
 * Hostile network, separated duties (三员分立): the auditor reads the audit log and nothing of the
 * business; the security admin manages locks and nothing of the business; neither gets the live
 * feed; the system admin may not reveal an identity. Every refusal is at the gateway, before a
 * service is asked; the controls show the same routes serve the roles that may use them.
 */
jest.setTimeout(120_000);

describe('hostile network: separated duties', () => {
  let suite: Suite;
  const bearer = async (u: string) => ({ authorization: `Bearer ${await suite.token(u)}` });
  const month = '2026-01';
  const BUSINESS = ['/api/v1/incidents?limit=5', `/api/v1/appraisal/scores?month=${month}`, `/api/v1/appraisal/rankings?month=${month}&of=grid`, '/api/v1/petitions?limit=5', '/api/v1/care-recipients?limit=5'];

  beforeAll(async () => {
    suite = await startSuite({ services: ['office', 'appraisal'], env: { OFFICE_SWEEP_INTERVAL_MS: '0' } });
    await suite.token('admin');
    await (await suite.dataSource('gateway')).query(
      `INSERT INTO identity.accounts (username, display_name, password_hash, role, scope) SELECT 'secadmin', '安全管理员', password_hash, 'security_admin', '' FROM identity.accounts WHERE username = 'admin'`,
    );
  });
  afterAll(async () => suite?.stop());

  it.each(['auditor', 'secadmin'])('refuses %s every business read (403, audited as authz.denied)', async (who) => {
    for (const path of BUSINESS) {
      const res = await suite.http().get(path).set(await bearer(who));
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 403, code: 'FORBIDDEN' });
    }
    const denied = await (await suite.dataSource('gateway')).query(`SELECT count(*)::int AS n FROM identity.audit_log a JOIN identity.accounts u ON u.id = a.actor_id WHERE u.username = $1 AND a.action = 'authz.denied'`, [who]);
    expect(denied[0].n).toBeGreaterThanOrEqual(BUSINESS.length);
  });

  it('serves the same business reads to the street commander (control)', async () => {
    for (const path of ['/api/v1/incidents?limit=5', `/api/v1/appraisal/scores?month=${month}`]) {
      expect({ path, status: (await suite.http().get(path).set(await bearer('commander'))).status }).toEqual({ path, status: 200 });
    }
  });

  it.each(['auditor', 'secadmin'])('gives %s no live feed', async (who) => {
    const res = await suite.http().get('/api/v1/events/stream').set(await bearer(who));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('lets the auditor read the audit log and the security admin list locks (their own duties)', async () => {
    expect((await suite.http().get('/api/v1/audit?limit=5').set(await bearer('auditor'))).status).toBe(200);
    expect((await suite.http().get('/api/v1/audit?limit=5').set(await bearer('secadmin'))).status).toBe(403);
    expect((await suite.http().get('/api/v1/security/locked-accounts').set(await bearer('secadmin'))).status).toBe(200);
  });

  it('refuses the system admin an identity reveal', async () => {
    for (const path of ['petitions', 'special-populations', 'floating-population', 'disputes']) {
      const res = await suite.http().post(`/api/v1/${path}/${randomUUID()}/reveal`).set(await bearer('admin')).send({ reason: '系统管理员想看' });
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
    }
  });
});

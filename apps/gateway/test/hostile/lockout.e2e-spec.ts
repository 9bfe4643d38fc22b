import { DataSource } from 'typeorm';
import { startSuite, Suite, TEST_PASSWORD } from '../support/suite';

/**
 * Hostile network, the lockout (登录失败处理) used as a weapon: anyone who knows the security
 * administrator's username can fail his logins. His lock is kept per address and always runs out:
 * the attacker locks only the address he fails from, the security admin logs in from his own. The
 * other accounts keep their account-wide lock, which the security admin lifts.
 */
jest.setTimeout(120_000);

describe('hostile network: locking out the security administrator', () => {
  let suite: Suite;
  let db: DataSource;
  const login = (username: string, password: string, ip: string) => suite.http().post('/api/v1/auth/login').set('x-forwarded-for', ip).send({ username, password });
  const ATTACKER = '203.0.113.50';
  const OFFICE = '198.51.100.60';

  beforeAll(async () => {
    suite = await startSuite({ services: [], env: { LOGIN_LOCK_SECONDS: '10' } });
    db = await suite.dataSource('gateway');
    await db.query(
      `INSERT INTO identity.accounts (username, display_name, password_hash, role, scope) SELECT 'security', '安全管理员', password_hash, 'security_admin', '' FROM identity.accounts WHERE username = 'admin'`,
    );
  });
  afterAll(async () => suite?.stop());

  it('locks only the address the failures come from; the security admin logs in from his own', async () => {
    const tries = [];
    for (let i = 0; i < 8; i += 1) tries.push((await login('security', `guess-${i}`, ATTACKER)).status);
    expect(tries).toEqual([401, 401, 401, 401, 401, 429, 429, 429]); // LOGIN_MAX_FAILURES (5), then locked at this address
    const atAttacker = await login('security', TEST_PASSWORD, ATTACKER);
    expect({ status: atAttacker.status, code: atAttacker.body.code }).toEqual({ status: 429, code: 'AUTH_ACCOUNT_LOCKED' });
    expect((await login('security', TEST_PASSWORD, OFFICE)).status).toBe(200);
    const [account] = await db.query(`SELECT locked_until FROM identity.accounts WHERE username = 'security'`);
    expect(account.locked_until).toBeNull();
    // and the lock at the attacker's address runs out by itself (LOGIN_LOCK_SECONDS)
    const lockedUntil = new Date(atAttacker.body.details.lockedUntil).getTime();
    expect(lockedUntil - Date.now()).toBeLessThanOrEqual(10_000);
    await new Promise((r) => setTimeout(r, Math.max(0, lockedUntil - Date.now()) + 300));
    expect((await login('security', TEST_PASSWORD, ATTACKER)).status).toBe(200);
  });

  it('shows the per-address lock to the security admin, who may lift it', async () => {
    for (let i = 0; i < 5; i += 1) await login('security', `guess-${i}`, ATTACKER);
    const token = (await login('security', TEST_PASSWORD, OFFICE)).body.accessToken;
    const list = await suite.http().get('/api/v1/security/locked-accounts').set({ authorization: `Bearer ${token}` });
    const mine = list.body.items.find((a: { username: string }) => a.username === 'security');
    expect(mine.addresses).toEqual([expect.objectContaining({ ip: ATTACKER, failures: 5, lockedUntil: expect.any(String) })]);
    await suite.http().post('/api/v1/security/accounts/security/unlock').set({ authorization: `Bearer ${token}` }).expect(200);
    expect((await login('security', TEST_PASSWORD, ATTACKER)).status).toBe(200);
  });

  it('keeps the account-wide lock for other accounts (control): failures from one address lock the account everywhere', async () => {
    for (let i = 0; i < 5; i += 1) await login('commander', `guess-${i}`, ATTACKER);
    expect((await login('commander', TEST_PASSWORD, OFFICE)).body.code).toBe('AUTH_ACCOUNT_LOCKED');
  });
});

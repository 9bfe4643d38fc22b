import { startSuite, Suite, TEST_PASSWORD } from '../support/suite';

/**
 * Hostile network, stolen tokens: a logout ends the session (its access token is refused at
 * once), a refresh token is rotated on every use, and a spent one used again (a stolen copy) ends
 * the session for both holders; a password reset ends every session of the account.
 */
jest.setTimeout(120_000);

describe('hostile network: sessions, refresh and logout', () => {
  let suite: Suite;
  const login = async (username: string) => (await suite.http().post('/api/v1/auth/login').send({ username, password: TEST_PASSWORD }).expect(200)).body;
  const me = (token: string) => suite.http().get('/api/v1/auth/me').set({ authorization: `Bearer ${token}` });
  const refresh = (refreshToken: string) => suite.http().post('/api/v1/auth/refresh').send({ refreshToken });

  beforeAll(async () => {
    suite = await startSuite({ services: [] });
  });
  afterAll(async () => suite?.stop());

  it('refuses the access token at once after logout, and its refresh token too (audited)', async () => {
    const s = await login('commander');
    expect(s).toMatchObject({ refreshToken: expect.stringMatching(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/), refreshExpiresIn: expect.any(Number) });
    expect((await me(s.accessToken)).status).toBe(200);
    expect((await suite.http().post('/api/v1/auth/logout').set({ authorization: `Bearer ${s.accessToken}` })).body).toEqual({ loggedOut: true });
    expect((await me(s.accessToken)).status).toBe(401);
    expect((await refresh(s.refreshToken)).status).toBe(401);
    // another session of the same account is not touched
    const other = await login('commander');
    expect((await me(other.accessToken)).status).toBe(200);
    const rows = await (await suite.dataSource('gateway')).query(`SELECT result FROM identity.audit_log WHERE action = 'auth.logout' AND actor_name = 'commander'`);
    expect(rows).toEqual([{ result: 'ok' }]);
  });

  it('rotates the refresh token; a spent one used again ends the session for every holder', async () => {
    const s = await login('district');
    const r1 = await refresh(s.refreshToken);
    expect(r1.status).toBe(200);
    expect(r1.body.refreshToken).not.toBe(s.refreshToken);
    expect((await me(r1.body.accessToken)).status).toBe(200);
    // the thief replays the first (spent) refresh token
    const stolen = await refresh(s.refreshToken);
    expect({ status: stolen.status, message: stolen.body.message }).toEqual({ status: 401, message: expect.stringMatching(/already used/) });
    // …and the session is over for the rightful holder too
    expect((await refresh(r1.body.refreshToken)).status).toBe(401);
    expect((await me(r1.body.accessToken)).status).toBe(401);
    expect((await refresh('not-a-refresh-token')).status).toBe(401);
  });

  it("ends every session of an account whose password the admin resets", async () => {
    const s = await login('worker');
    const id = (await me(s.accessToken)).body.id;
    const admin = (await login('admin')).accessToken;
    expect((await suite.http().post(`/api/v1/accounts/${id}/password`).set({ authorization: `Bearer ${admin}` }).send({ password: 'a-new-password-123' })).status).toBe(200);
    expect((await me(s.accessToken)).status).toBe(401);
    expect((await refresh(s.refreshToken)).status).toBe(401);
  });
});

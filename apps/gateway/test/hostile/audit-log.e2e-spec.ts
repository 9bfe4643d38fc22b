import { DataSource } from 'typeorm';
import { eventually } from '@grid122/testing';
import { startSuite, Suite } from '../support/suite';

/**
 * Hostile network, the audit log: the gateway's own database connection (the app's role) cannot
 * rewrite history — UPDATE, DELETE and TRUNCATE of gateway.audit_log are refused by triggers that
 * fire for the table's owner too; INSERT and SELECT (what the app needs) work.
 */
jest.setTimeout(120_000);

describe('hostile network: the audit log', () => {
  let suite: Suite;
  let app: DataSource;

  beforeAll(async () => {
    suite = await startSuite({ services: [], env: { AUDIT_REJECTED_TOKEN_WINDOW_SECONDS: '3' } });
    await suite.http().post('/api/v1/auth/login').send({ username: 'admin', password: 'wrong-password-0' }).expect(401);
    app = suite.gateway.get(DataSource);
  });
  afterAll(async () => suite?.stop());

  it('refuses TRUNCATE, UPDATE and DELETE by the app role, and keeps every row', async () => {
    const before = (await app.query(`SELECT count(*)::int AS n FROM gateway.audit_log`))[0].n;
    expect(before).toBeGreaterThan(0);
    await expect(app.query(`TRUNCATE gateway.audit_log`)).rejects.toThrow(/append-only: TRUNCATE is refused/);
    await expect(app.query(`UPDATE gateway.audit_log SET result = 'ok'`)).rejects.toThrow(/append-only/);
    await expect(app.query(`DELETE FROM gateway.audit_log`)).rejects.toThrow(/append-only/);
    expect((await app.query(`SELECT count(*)::int AS n FROM gateway.audit_log`))[0].n).toBe(before);
  });

  it('counts a flood of forged tokens instead of writing a row for each', async () => {
    const ip = '203.0.113.77';
    for (let i = 0; i < 30; i += 1) {
      await suite.http().get('/api/v1/incidents').set({ authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.forged', 'x-forwarded-for': ip }).expect(401);
    }
    await eventually(async () => {
      const rows = await app.query(`SELECT details FROM gateway.audit_log WHERE action = 'auth.token_rejected' AND ip = $1 ORDER BY id`, [ip]);
      expect(rows.length).toBeLessThan(10); // two rows per window at most, against 30 without counting
      expect(rows.reduce((n: number, r: { details: { repeats?: number } | null }) => n + 1 + (r.details?.repeats ?? 0) - (r.details?.repeats ? 1 : 0), 0)).toBe(30);
    });
  });

  it('still lets the app append and read (control)', async () => {
    await app.query(`INSERT INTO gateway.audit_log (action, result) VALUES ('test.append', 'ok')`);
    expect((await app.query(`SELECT count(*)::int AS n FROM gateway.audit_log WHERE action = 'test.append'`))[0].n).toBe(1);
  });
});

import { DataSource } from 'typeorm';
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
    suite = await startSuite({ services: [] });
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

  it('still lets the app append and read (control)', async () => {
    await app.query(`INSERT INTO gateway.audit_log (action, result) VALUES ('test.append', 'ok')`);
    expect((await app.query(`SELECT count(*)::int AS n FROM gateway.audit_log WHERE action = 'test.append'`))[0].n).toBe(1);
  });
});

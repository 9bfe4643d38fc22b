import { DataSource } from 'typeorm';
import { seedDemo } from '../../../grid-registry/src/database/seed';
import { startSuite, STREET, Suite } from '../support/suite';

const GRID = `${STREET}.c01.g2_01.g3_01`;
const SUBJECT = { kind: 'person', name: '张三丰', idNumber: '320106199001011234', phone: '13912345678' };
const STAFF_PHONE = '13987654321';

/**
 * Personal-data reads the hash-chained audit log keeps (issue 20 items 5 and 8):
 * - an enforcement case opened with its subject's (当事人) name, ID number and phone in clear to
 *   those who serve notices on them: each such read is a `pii.read` entry (the fields shown, never
 *   the values), written before the answer leaves (503 and nothing shown when it cannot be); a
 *   masked read (the district) writes nothing;
 * - grid staff phones, masked by the registry in every list and view for every role (tested in its
 *   folder: apps/grid-registry/test/grids.e2e-spec.ts), in full only through
 *   `POST /api/v1/staff/{id}/reveal-phone`, for the command and the organisation group, audited
 *   `pii.reveal`; never the system admin, the auditor, the security admin, the district, a grid
 *   worker or another unit.
 */
describe('personal-data reads are audited: an enforcement case, a staff phone', () => {
  let suite: Suite;
  let gw: DataSource;
  const bearer = async (user: string) => ({ authorization: `Bearer ${await suite.token(user)}` });
  const entries = (action: string, target: string): Promise<{ result: string; details: Record<string, unknown>; hash: string; username: string }[]> =>
    gw.query(`SELECT a.result, a.details, a.hash, u.username FROM identity.audit_log a LEFT JOIN identity.accounts u ON u.id = a.actor_id WHERE a.action = $1 AND a.target = $2 ORDER BY a.seq`, [action, target]);
  const refuseAudit = async (action: string, body: () => Promise<void>) => {
    await gw.query(`CREATE OR REPLACE FUNCTION identity.refuse_read_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.action = '${action}' THEN RAISE EXCEPTION 'audit down'; END IF; RETURN NEW; END $$`);
    await gw.query(`CREATE TRIGGER refuse_read_audit BEFORE INSERT ON identity.audit_log FOR EACH ROW EXECUTE FUNCTION identity.refuse_read_audit()`);
    try {
      await body();
    } finally {
      await gw.query(`DROP TRIGGER refuse_read_audit ON identity.audit_log`);
    }
  };

  beforeAll(async () => {
    suite = await startSuite({ services: ['enforcement', 'grid-registry'] });
    await seedDemo(await suite.dataSource('grid-registry'));
    gw = await suite.dataSource('gateway');
    await gw.query(
      `INSERT INTO identity.accounts (username, display_name, password_hash, role, scope) SELECT 'secadmin', '安全管理员', password_hash, 'security_admin', '' FROM identity.accounts WHERE username = 'admin'`,
    );
  });
  afterAll(() => suite?.stop());

  describe('an enforcement case with its subject (综合执法 当事人)', () => {
    const openCase = async (subject: object | null = SUBJECT) =>
      (
        await suite
          .http()
          .post('/api/v1/enforcement/cases')
          .set(await bearer('enforcement'))
          .send({ title: '农贸市场东侧无证熟食加工点', category: 'black_workshop', description: '巡查发现一处无证熟食加工作坊', gridPath: GRID, ...(subject ? { subject } : {}) })
          .expect(201)
      ).body as { id: string };

    it('writes a pii.read entry for each read that shows the subject in clear, none for a masked one', async () => {
      const c = await openCase();
      const target = `enforcement.case:${c.id}`;
      for (const who of ['enforcement', 'commander']) {
        const one = await suite.http().get(`/api/v1/enforcement/cases/${c.id}`).set(await bearer(who)).expect(200);
        expect(one.body.subject).toMatchObject({ name: SUBJECT.name, phone: SUBJECT.phone, masked: false });
      }
      const district = await suite.http().get(`/api/v1/enforcement/cases/${c.id}`).set(await bearer('district')).expect(200);
      expect(district.body.subject).toMatchObject({ name: '张**', phone: '139****5678', masked: true });
      const read = await entries('pii.read', target);
      expect(read.map((e) => e.username)).toEqual(['enforcement', 'commander']); // not the district's masked read
      expect(read[0]).toMatchObject({ result: 'ok', details: { fields: ['subject.name', 'subject.idNumber', 'subject.phone'] } });
      expect(read[0].hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(read)).not.toContain(SUBJECT.phone); // who saw what, never the value
      // a case with no subject shows no personal data: nothing to write
      const plain = await openCase(null);
      await suite.http().get(`/api/v1/enforcement/cases/${plain.id}`).set(await bearer('enforcement')).expect(200);
      expect(await entries('pii.read', `enforcement.case:${plain.id}`)).toEqual([]);
      const verify = await suite.http().get('/api/v1/audit/verify').set(await bearer('auditor')).expect(200);
      expect(verify.body.ok).toBe(true);
    });

    it('answers 503 and shows nothing when the read cannot be audited', async () => {
      const c = await openCase();
      await refuseAudit('pii.read', async () => {
        const res = await suite.http().get(`/api/v1/enforcement/cases/${c.id}`).set(await bearer('enforcement'));
        expect(res.status).toBe(503);
        expect(res.body.code).toBe('AUDIT_UNAVAILABLE');
        expect(JSON.stringify(res.body)).not.toContain(SUBJECT.phone);
        expect(JSON.stringify(res.body)).not.toContain(SUBJECT.name);
      });
      // a masked read needs no entry: the district is still served
      await suite.http().get(`/api/v1/enforcement/cases/${c.id}`).set(await bearer('district')).expect(200);
    });

    it("writes the case ledger's download (台账) as a read when it names subjects in clear; answers 503 and no file when it cannot", async () => {
      await openCase();
      const before = (await entries('pii.read', 'enforcement.case_export')).length;
      const team = await suite.http().get('/api/v1/enforcement/cases/export.xlsx?from=2026-01-01').set(await bearer('enforcement')).expect(200);
      expect(team.headers['content-type']).toMatch(/spreadsheetml/);
      expect(team.headers['x-personal-data']).toBe('subject.name');
      const district = await suite.http().get('/api/v1/enforcement/cases/export.xlsx').set(await bearer('district')).expect(200);
      expect(district.headers['x-personal-data']).toBeUndefined(); // masked for the district: nothing to write
      const written = await entries('pii.read', 'enforcement.case_export');
      expect(written.slice(before).map((e) => [e.username, e.details])).toEqual([['enforcement', { fields: ['subject.name'], query: { from: '2026-01-01' } }]]);
      await refuseAudit('pii.read', async () => {
        const res = await suite.http().get('/api/v1/enforcement/cases/export.xlsx').set(await bearer('commander'));
        expect(res.status).toBe(503);
        expect(res.headers['content-type']).toMatch(/json/);
        expect(res.headers['content-disposition']).toBeUndefined();
        expect(res.body.code).toBe('AUDIT_UNAVAILABLE');
      });
    });
  });

  describe('grid staff phones (网格人员电话)', () => {
    let staffId: string;
    const reveal = async (who: string, id = staffId) => suite.http().post(`/api/v1/staff/${id}/reveal-phone`).set(await bearer(who)).send({ reason: '联系网格长核实情况' });

    beforeAll(async () => {
      const [street] = await (await suite.dataSource('grid-registry')).query(`SELECT id FROM registry.grids WHERE path = $1::ltree`, [STREET]);
      const created = await suite.http().post('/api/v1/staff').set(await bearer('commander')).send({ name: '钱网格', phone: STAFF_PHONE, homeGridId: street.id }).expect(201);
      staffId = created.body.id;
    });

    it('reveals to the command and the organisation group with a pii.reveal entry; refuses every administrator and the roles without need', async () => {
      for (const who of ['commander', 'organisation']) {
        const res = await reveal(who);
        expect({ who, status: res.status, body: res.body }).toEqual({ who, status: 200, body: { id: staffId, name: '钱网格', phone: STAFF_PHONE } });
      }
      const revealed = await entries('pii.reveal', `registry.staff:${staffId}`);
      expect(revealed.filter((e) => e.result === 'ok').map((e) => e.username)).toEqual(['commander', 'organisation']);
      expect(revealed[0].details).toMatchObject({ reason: '联系网格长核实情况' });
      expect(JSON.stringify(revealed)).not.toContain(STAFF_PHONE);

      for (const who of ['admin', 'auditor', 'secadmin', 'district', 'worker', 'community', 'petitions', 'enforcement']) {
        const refused = await reveal(who);
        expect({ who, status: refused.status, phone: JSON.stringify(refused.body).includes(STAFF_PHONE) }).toEqual({ who, status: 403, phone: false });
      }
      // the gateway refuses the roles the route does not name (audited authz.denied); the registry the other units (noted denied)
      const denied = await gw.query(
        `SELECT u.username FROM identity.audit_log a JOIN identity.accounts u ON u.id = a.actor_id WHERE a.action = 'authz.denied' AND a.target LIKE '%reveal-phone%' AND u.username IN ('admin', 'auditor', 'secadmin')`,
      );
      expect(new Set(denied.map((d: { username: string }) => d.username))).toEqual(new Set(['admin', 'auditor', 'secadmin']));
      const byUnit = await entries('pii.reveal', `registry.staff:${staffId}`);
      expect(byUnit.filter((e) => e.result === 'denied').map((e) => e.username)).toEqual(['petitions', 'enforcement']);
      // no reason, no reveal (400 naming the field)
      const bare = await suite.http().post(`/api/v1/staff/${staffId}/reveal-phone`).set(await bearer('commander')).send({}).expect(400);
      expect(JSON.stringify(bare.body)).toContain('reason');
    });

    it('answers 503 and shows nothing when the reveal cannot be audited', async () => {
      await refuseAudit('pii.reveal', async () => {
        const res = await reveal('commander');
        expect(res.status).toBe(503);
        expect(res.body.code).toBe('AUDIT_UNAVAILABLE');
        expect(JSON.stringify(res.body)).not.toContain(STAFF_PHONE);
      });
    });
  });
});

import { DataSource } from 'typeorm';
import { eventually } from '@grid122/testing';
import { startSuite, STREET, Suite } from './support/suite';

const G3 = `${STREET}.c01.g2_01.g3_01`;

interface IncidentItem {
  id: string;
  source: string;
  sourceRef?: string | null;
  state: string;
  keyArea: string;
}

/**
 * One ledger across units (台账完整, issue 19 item 7): a petition or a dispute taken in at the
 * petitions group enters the office's key-area ledger (信访稳定) once, linked to its own record;
 * a problem the office itself dispatched to the group is not counted a second time.
 */
describe('the petitions group intake enters the key-area ledger once', () => {
  let suite: Suite;
  let petitionsDb: DataSource;
  const as = async (user: string) => ({ authorization: `Bearer ${await suite.token(user)}` });
  const incidents = async (): Promise<IncidentItem[]> => (await suite.http().get('/api/v1/incidents?limit=100').set(await as('commander')).expect(200)).body.items;
  const stabilityFound = async (): Promise<number> => {
    const ledger = (await suite.http().get('/api/v1/stats/key-areas').set(await as('commander')).expect(200)).body;
    return ledger.rows.find((r: { keyArea: string }) => r.keyArea === 'petitions_stability').found;
  };

  beforeAll(async () => {
    suite = await startSuite({ services: ['office', 'petitions'] });
    petitionsDb = await suite.dataSource('petitions');
  });
  afterAll(() => suite?.stop());

  it('a petition taken in at the group appears once in 信访稳定, linked both ways, and follows the reply', async () => {
    const before = await stabilityFound();
    const p = await suite
      .http()
      .post('/api/v1/petitions')
      .set(await as('petitions'))
      .send({ channel: 'visit', petitionerKind: 'person', petitioner: { name: '王建国', phone: '13912345678' }, matter: 'wage_arrears', summary: '某装修公司拖欠三个月工资', gridPath: G3 })
      .expect(201);

    const incident = await eventually(async () => {
      const found = (await incidents()).filter((i) => i.source === 'petitions_intake' && i.sourceRef === p.body.id);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ state: 'accepted', keyArea: 'petitions_stability' });
      return found[0];
    }, 20_000);
    // The office's dispatch to the group links the petition; it does not open a second one.
    await eventually(async () => {
      const rows = await petitionsDb.query(`SELECT id, incident_id FROM petitions.petitions`);
      expect(rows).toEqual([{ id: p.body.id, incident_id: incident.id }]);
    }, 20_000);
    expect(await stabilityFound()).toBe(before + 1);
    const detail = (await suite.http().get(`/api/v1/incidents/${incident.id}`).set(await as('commander')).expect(200)).body;
    expect(detail.history.map((h: { action: string }) => h.action)).toEqual(expect.arrayContaining(['report', 'register', 'dispatch', 'accept']));
    expect(detail.title).toContain(p.body.ref);
    expect(JSON.stringify(detail)).not.toContain('王建国'); // no personal data crosses into the office

    // The reply on the merits moves the ledger's incident to handled, by the case events.
    await suite.http().post(`/api/v1/petitions/${p.body.id}/accept`).set(await as('petitions')).send({ note: '符合受理条件' }).expect(200);
    await suite.http().post(`/api/v1/petitions/${p.body.id}/reply`).set(await as('petitions')).send({ reply: '经调查，已责令企业支付工资' }).expect(200);
    await eventually(async () => {
      const now = (await suite.http().get(`/api/v1/incidents/${incident.id}`).set(await as('commander')).expect(200)).body;
      expect(now.state).toBe('handled');
    }, 20_000);
  });

  it('a dispute opened at the group appears once; one the office dispatched there is not counted twice', async () => {
    const before = await stabilityFound();
    const d = await suite
      .http()
      .post('/api/v1/disputes')
      .set(await as('petitions'))
      .send({ type: 'neighbour', summary: '楼上漏水引发邻里纠纷', gridPath: G3, parties: [{ name: '马超' }, { name: '张飞' }] })
      .expect(201);
    const intake = await eventually(async () => {
      const found = (await incidents()).filter((i) => i.source === 'petitions_intake' && i.sourceRef === d.body.id);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ state: 'accepted', keyArea: 'petitions_stability' });
      return found[0];
    }, 20_000);
    await eventually(async () => {
      const rows = await petitionsDb.query(`SELECT incident_id FROM petitions.disputes WHERE id = $1`, [d.body.id]);
      expect(rows).toEqual([{ incident_id: intake.id }]);
    }, 20_000);

    // The office's own report, dispatched to the group: the group opens its case for it, the
    // ledger keeps the one incident.
    const reported = await suite
      .http()
      .post('/api/v1/incidents')
      .set(await as('worker'))
      .send({ source: 'grid_patrol', title: '邻里噪音纠纷', description: '3号楼夜间噪音', keyArea: 'petitions_stability', category: 'neighbour_dispute', location: { lng: 118.751, lat: 32.101 }, gridPath: G3 })
      .expect(201);
    await suite.http().post(`/api/v1/incidents/${reported.body.id}/register`).set(await as('commander')).send({}).expect(200);
    await suite.http().post(`/api/v1/incidents/${reported.body.id}/dispatch`).set(await as('commander')).send({ unit: 'petitions' }).expect(200);
    await eventually(async () => {
      const rows = await petitionsDb.query(
        `SELECT 'dispute' AS t, id FROM petitions.disputes WHERE incident_id = $1 UNION ALL SELECT 'petition', id FROM petitions.petitions WHERE incident_id = $1`,
        [reported.body.id],
      );
      expect(rows).toHaveLength(1);
      const now = (await suite.http().get(`/api/v1/incidents/${reported.body.id}`).set(await as('commander')).expect(200)).body;
      expect(now.state).toBe('accepted');
    }, 20_000);
    const all = await incidents();
    expect(all.filter((i) => i.source === 'petitions_intake')).toHaveLength(2); // the petition above and this dispute
    expect(await stabilityFound()).toBe(before + 2);
  });
});

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
  const stability = async (): Promise<{ found: number; solved: number }> => {
    const ledger = (await suite.http().get('/api/v1/stats/key-areas').set(await as('commander')).expect(200)).body;
    return ledger.rows.find((r: { keyArea: string }) => r.keyArea === 'petitions_stability');
  };
  const stabilityFound = async (): Promise<number> => (await stability()).found;
  const incidentNow = async (id: string) => (await suite.http().get(`/api/v1/incidents/${id}`).set(await as('commander')).expect(200)).body;

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

    // Closing the petition closes the ledger's incident as fixed: 信访稳定 counts it solved, once.
    const solvedBefore = (await stability()).solved;
    await suite.http().post(`/api/v1/petitions/${p.body.id}/close`).set(await as('petitions')).send({ note: '信访人表示满意' }).expect(200);
    await eventually(async () => expect(await incidentNow(incident.id)).toMatchObject({ state: 'closed', closureType: 'fixed' }), 20_000);
    expect((await stability()).solved).toBe(solvedBefore + 1);
    const closed = await incidentNow(incident.id);
    expect(closed.history.map((h: { action: string }) => h.action)).toEqual(expect.arrayContaining(['handle', 'verify', 'close']));
    expect(closed.history.filter((h: { action: string }) => h.action === 'close')).toHaveLength(1);

    // A petition not accepted (不予受理) closes its incident as not_responsible: closed, not solved.
    const q = await suite
      .http()
      .post('/api/v1/petitions')
      .set(await as('petitions'))
      .send({ channel: 'letter', petitionerKind: 'person', petitioner: { name: '李四', phone: '13912345679' }, matter: 'wage_arrears', summary: '诉求已经司法程序处理', gridPath: G3 })
      .expect(201);
    const qIncident = await eventually(async () => {
      const found = (await incidents()).filter((i) => i.source === 'petitions_intake' && i.sourceRef === q.body.id);
      expect(found).toMatchObject([{ state: 'accepted' }]);
      const [row] = await petitionsDb.query(`SELECT incident_id FROM petitions.petitions WHERE id = $1`, [q.body.id]);
      expect(row.incident_id).toBe(found[0].id);
      return found[0];
    }, 20_000);
    await suite.http().post(`/api/v1/petitions/${q.body.id}/reject`).set(await as('petitions')).send({ reason: '已进入诉讼程序，不予受理' }).expect(200);
    const ledgerBefore = await stability();
    await suite.http().post(`/api/v1/petitions/${q.body.id}/close`).set(await as('petitions')).send({}).expect(200);
    await eventually(async () => expect(await incidentNow(qIncident.id)).toMatchObject({ state: 'closed', closureType: 'not_responsible', resolutionLevel: null }), 20_000);
    const after = await stability();
    expect(after).toMatchObject({ found: ledgerBefore.found, solved: ledgerBefore.solved });
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
    expect(all.filter((i) => i.source === 'petitions_intake')).toHaveLength(3); // the two petitions above and this dispute
    expect(await stabilityFound()).toBe(before + 2);

    // The group's own dispute settled at the community and closed: its incident closes as fixed at the
    // settled level. The one the office dispatched (mediation failed, referred) and closed waits for
    // the office (核查 → 结案): the group's closure is recorded there, nothing closed or solved.
    const [dispatched] = await petitionsDb.query(`SELECT id FROM petitions.disputes WHERE incident_id = $1`, [reported.body.id]);
    const solvedBefore = (await stability()).solved;
    const mediation = { heldAt: new Date().toISOString(), mediators: [{ kind: 'judicial_worker', name: '司法所丙' }] };
    await suite.http().post(`/api/v1/disputes/${d.body.id}/sessions`).set(await as('petitions'))
      .send({ ...mediation, summary: '达成一致', result: 'agreement', agreementTerms: '楼上住户负责维修并赔偿800元', settledLevel: 'community' }).expect(201);
    await suite.http().post(`/api/v1/disputes/${dispatched.id}/sessions`).set(await as('petitions'))
      .send({ ...mediation, summary: '双方分歧过大', result: 'failed', failureReason: '双方分歧过大', referredTo: '区人民法院' }).expect(201);
    for (const id of [d.body.id, dispatched.id]) await suite.http().post(`/api/v1/disputes/${id}/close`).set(await as('petitions')).send({}).expect(200);
    await eventually(async () => expect(await incidentNow(intake.id)).toMatchObject({ state: 'closed', closureType: 'fixed', resolutionLevel: 'community' }), 20_000);
    await eventually(async () => {
      const office = await incidentNow(reported.body.id);
      expect(office.state).toBe('handled');
      expect(office.history.map((h: { action: string }) => h.action)).toContain('unit_case_closed');
    }, 20_000);
    expect((await stability()).solved).toBe(solvedBefore + 1);
  });
});

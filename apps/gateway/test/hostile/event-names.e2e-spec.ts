import { DataSource } from 'typeorm';
import { eventually } from '@grid122/testing';
import { startSuite, STREET, Suite } from '../support/suite';

const GRID = `${STREET}.c01.g2_01.g3_01`;
/** The enforcement account's display name (what its token says) and the registry's name for the same person. */
const DISPLAY_NAME = '执法队员张三丰';
const STAFF_NAME = '李执法';
const OFFICERS = [{ name: '王强', badgeNo: '32010601' }, { name: '李明', badgeNo: '32010602' }];
/** Fields of an event's data that would name or reach a person (a thing's name: grid, operation, department, category is allowed). */
const PERSON_FIELD = /^(by|reportedBy|commander|receivedBy|openedBy|author|owner|updatedBy|acknowledgedBy|gradedBy|drawnBy|recordedBy)Name$|phone|mobile|email|idNumber/i;

interface HistoryEntry {
  action: string;
  byId: string | null;
  byName: string | null;
  byRole: string | null;
}

/**
 * No names or phones in events (issue 20 item 8), in a realistic flow: the enforcement team's
 * patrol finding and its return, a dispute taken in by the petitions group, both followed into the
 * office's ledger. Every event the four services wrote names people by account id only (no
 * `byName`, `reportedByName`, `openedByName` …, no display name anywhere in the data), and the
 * ledger's history still names each step in Chinese, never by the id: the registry's name for an
 * account that is on its staff (`registry.staff.names`), the unit's name for one that is not.
 */
describe('names and phones stay out of events; readers name people from the id', () => {
  let suite: Suite;
  let enforcementId: string;
  let petitionsId: string;
  const as = async (user: string) => ({ authorization: `Bearer ${await suite.token(user)}` });
  const incidentOf = async (sourceRef: string) => {
    const list = (await suite.http().get('/api/v1/incidents?limit=100').set(await as('commander')).expect(200)).body.items as { id: string; sourceRef: string | null }[];
    const found = list.find((i) => i.sourceRef === sourceRef);
    expect(found).toBeDefined();
    return (await suite.http().get(`/api/v1/incidents/${found!.id}`).set(await as('commander')).expect(200)).body as { id: string; state: string; history: HistoryEntry[]; reporter: { name: string | null } | null };
  };

  beforeAll(async () => {
    suite = await startSuite({ services: ['office', 'grid-registry', 'enforcement', 'petitions'] });
    const gateway = await suite.dataSource('gateway');
    // Before anyone logs in: the token carries this display name into every service as the actor's.
    await gateway.query(`UPDATE identity.accounts SET display_name = $1 WHERE username = 'enforcement'`, [DISPLAY_NAME]);
    [{ id: enforcementId }] = await gateway.query(`SELECT id FROM identity.accounts WHERE username = 'enforcement'`);
    [{ id: petitionsId }] = await gateway.query(`SELECT id FROM identity.accounts WHERE username = 'petitions'`);
    // The officer behind the enforcement account is on the registry's staff; the petitions account is not.
    await (await suite.dataSource('grid-registry')).query(`INSERT INTO registry.staff (name, account_id, home_path) VALUES ($1, $2, $3)`, [STAFF_NAME, enforcementId, STREET]);
  });
  afterAll(() => suite?.stop());

  it('a patrol finding, handled and closed, reaches the ledger named from the registry, the event by id only', async () => {
    const opened = await suite
      .http()
      .post('/api/v1/enforcement/cases')
      .set(await as('enforcement'))
      .send({ title: '农贸市场东侧无证熟食加工点', category: 'black_workshop', description: '巡查发现一处无证熟食加工作坊', gridPath: GRID, subject: { kind: 'person', name: '赵子龙', phone: '13912345678' } })
      .expect(201);
    expect(opened.body.openedByName).toBe(DISPLAY_NAME); // the team's own record names its officer
    const taken = await eventually(async () => {
      const i = await incidentOf(opened.body.id);
      expect(i.state).toBe('accepted');
      return i;
    }, 20_000);
    for (const h of taken.history.filter((e) => e.action !== 'report')) expect(h).toMatchObject({ byId: enforcementId, byName: STAFF_NAME });

    // "not confirmed": handled, then closed by the team (enforcement.case.handled / .closed, by id)
    await suite.http().post(`/api/v1/enforcement/cases/${opened.body.id}/inspections`).set(await as('enforcement')).send({ officers: OFFICERS, finding: 'not_confirmed', notes: '现场为正规食品店' }).expect(201);
    await suite.http().post(`/api/v1/enforcement/cases/${opened.body.id}/close`).set(await as('enforcement')).send({ note: '查无违法' }).expect(200);
    const closed = await eventually(async () => {
      const i = await incidentOf(opened.body.id);
      expect(i.state).toBe('closed');
      return i;
    }, 20_000);
    for (const action of ['handle', 'close']) {
      expect(closed.history.find((h) => h.action === action)).toMatchObject({ byId: enforcementId, byName: STAFF_NAME, byRole: 'unit_service:enforcement' });
    }
  });

  it('a dispute taken in by an account with no staff record is named by its unit, never by the id', async () => {
    const d = await suite
      .http()
      .post('/api/v1/disputes')
      .set(await as('petitions'))
      .send({ type: 'neighbour', summary: '楼上漏水引发邻里纠纷', gridPath: GRID, parties: [{ name: '马超' }, { name: '张飞' }] })
      .expect(201);
    const taken = await eventually(async () => {
      const i = await incidentOf(d.body.id);
      expect(i.state).toBe('accepted');
      return i;
    }, 20_000);
    for (const h of taken.history.filter((e) => e.action !== 'report')) {
      expect(h).toMatchObject({ byId: petitionsId, byName: '综合信访稳定组' });
      expect(h.byName).not.toBe(petitionsId);
    }
  });

  it('no event of any of the four services carries a person-name field, a display name or the officer’s name', async () => {
    const events: { app: string; type: string; event: { version: number; data: unknown } }[] = [];
    for (const [app, schema] of [['office', 'office'], ['grid-registry', 'registry'], ['enforcement', 'enforcement'], ['petitions', 'petitions']] as const) {
      const ds: DataSource = await suite.dataSource(app);
      for (const r of await ds.query(`SELECT type, event FROM ${schema}.outbox ORDER BY created_at`)) events.push({ app, ...r });
    }
    const types = new Set(events.map((e) => e.type));
    expect([...types]).toEqual(expect.arrayContaining(['enforcement.finding.reported', 'enforcement.case.opened', 'enforcement.case.handled', 'enforcement.case.closed', 'petitions.dispute.opened', 'office.incident.accepted', 'office.incident.handled', 'office.incident.closed']));
    const keys = (v: unknown): string[] =>
      Array.isArray(v) ? v.flatMap(keys) : v && typeof v === 'object' ? Object.entries(v).flatMap(([k, x]) => [k, ...keys(x)]) : [];
    for (const e of events) {
      expect({ type: e.type, fields: keys(e.event.data).filter((k) => PERSON_FIELD.test(k)) }).toEqual({ type: e.type, fields: [] });
      const text = JSON.stringify(e.event.data);
      for (const name of [DISPLAY_NAME, STAFF_NAME, '赵子龙', '13912345678', '马超', '王强']) expect({ type: e.type, has: text.includes(name) ? name : null }).toEqual({ type: e.type, has: null });
    }
    // the versions that dropped the names
    expect(events.filter((e) => e.type.startsWith('enforcement.case.') || e.type === 'enforcement.finding.reported' || e.type === 'petitions.dispute.opened').every((e) => e.event.version === 2)).toBe(true);
  });
});

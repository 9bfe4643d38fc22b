import { DataSource } from 'typeorm';
import { streetCalendar } from '@grid122/calendar';
import { EVENT_STREAM } from '@grid122/contracts';
import { DEAD_LETTER_STREAM } from '@grid122/messaging';
import { eventually } from '@grid122/testing';
import { startSuite, STREET, Suite } from './support/suite';

/**
 * "The ledger stays whole" (台账完整): a case the enforcement team opens on its own patrol becomes
 * an office incident — registered, dispatched to and accepted by the team — without a second
 * enforcement case being opened by the dispatch, and the two stay linked.
 */
describe('a patrol finding of the enforcement team enters the office ledger', () => {
  let suite: Suite;
  let enforcementDb: DataSource;

  beforeAll(async () => {
    suite = await startSuite({ services: ['office', 'enforcement'] });
    enforcementDb = await suite.dataSource('enforcement');
  });
  afterAll(() => suite?.stop());

  it('opens one incident for the case, accepted by the team, and links them', async () => {
    const team = await suite.token('enforcement');
    const commander = await suite.token('commander');
    const opened = await suite
      .http()
      .post('/api/v1/enforcement/cases')
      .set('authorization', `Bearer ${team}`)
      .send({
        title: '宝塔桥西街违法搭建彩钢棚',
        category: 'illegal_construction',
        description: '巡查发现沿街商铺后院新搭彩钢棚约30平方米',
        gridPath: `${STREET}.c01.g2_01.g3_01`,
        location: { lng: 118.7468, lat: 32.0963 },
        address: '宝塔桥西街8号后院',
        subject: { kind: 'organisation', name: '某某商贸有限公司' },
      })
      .expect(201);
    const caseId = opened.body.id;

    const incident = await eventually(async () => {
      const res = await suite.http().get('/api/v1/incidents?limit=50').set('authorization', `Bearer ${commander}`).expect(200);
      const found = res.body.items.find((i: { source: string; sourceRef?: string }) => i.source === 'enforcement_patrol' && i.sourceRef === caseId);
      expect(found).toBeDefined();
      expect(found.state).toBe('accepted');
      return found;
    }, 20_000);
    expect(incident.keyArea).toBe('illegal_construction');

    await eventually(async () => {
      const rows = await enforcementDb.query(`SELECT id, incident_id FROM enforcement.cases`);
      expect(rows).toHaveLength(1);
      expect(rows[0].incident_id).toBe(incident.id);
    }, 20_000);

    const detail = await suite.http().get(`/api/v1/incidents/${incident.id}`).set('authorization', `Bearer ${commander}`).expect(200);
    expect(detail.body.history.map((h: { action: string }) => h.action)).toEqual(expect.arrayContaining(['report', 'register', 'dispatch', 'accept']));
  });

  it('links a second finding of the same problem to the existing incident, and leaves nothing unacknowledged', async () => {
    const team = await suite.token('enforcement');
    const commander = await suite.token('commander');
    const finding = (title: string) => ({
      title,
      category: 'illegal_construction',
      description: '巡查发现同一处违法搭建',
      gridPath: `${STREET}.c01.g2_01.g3_01`,
      location: { lng: 118.7431, lat: 32.0988 },
      address: '宝塔桥东街21号',
    });
    const first = await suite.http().post('/api/v1/enforcement/cases').set('authorization', `Bearer ${team}`).send(finding('东街21号违法搭建')).expect(201);
    const second = await suite.http().post('/api/v1/enforcement/cases').set('authorization', `Bearer ${team}`).send(finding('东街21号违法搭建（复查）')).expect(201);

    // Both cases follow one incident: the first finding's, accepted by the team.
    const linked = await eventually(async () => {
      const rows: { id: string; incident_id: string | null }[] = await enforcementDb.query(`SELECT id, incident_id FROM enforcement.cases WHERE id = ANY($1::uuid[])`, [[first.body.id, second.body.id]]);
      expect(rows).toHaveLength(2);
      expect(rows.every((r) => r.incident_id !== null)).toBe(true);
      expect(new Set(rows.map((r) => r.incident_id)).size).toBe(1);
      return rows[0].incident_id!;
    }, 30_000);
    const res = await suite.http().get('/api/v1/incidents?limit=100').set('authorization', `Bearer ${commander}`).expect(200);
    const mine = res.body.items.filter((i: { source: string; sourceRef?: string }) => i.source === 'enforcement_patrol' && [first.body.id, second.body.id].includes(i.sourceRef));
    const original = mine.find((i: { sourceRef: string }) => i.sourceRef === first.body.id);
    expect(original).toMatchObject({ id: linked, state: 'accepted' });
    // The second finding is on the ledger as the original's "me too" follower, with the case id on it.
    const follower = mine.find((i: { sourceRef: string }) => i.sourceRef === second.body.id);
    expect(follower).toMatchObject({ state: 'duplicate', duplicateOfId: linked });
    const detail = await suite.http().get(`/api/v1/incidents/${linked}`).set('authorization', `Bearer ${commander}`).expect(200);
    expect(detail.body.history.map((h: { action: string }) => h.action)).toContain('duplicate_linked');

    // Every event applied and acknowledged: no delivery pending or redelivered, no dead letter.
    const nc = await suite.env.connectNats();
    try {
      const jsm = await nc.jetstreamManager();
      await eventually(async () => {
        const consumers = [];
        for await (const c of jsm.consumers.list(EVENT_STREAM)) consumers.push(c);
        expect(consumers.map((c) => c.name)).toEqual(expect.arrayContaining(['office-findings__enforcement_finding_reported', 'enforcement__office_incident_duplicate_linked']));
        for (const c of consumers) expect({ consumer: c.name, pending: c.num_pending, ackPending: c.num_ack_pending, redelivered: c.num_redelivered }).toEqual({ consumer: c.name, pending: 0, ackPending: 0, redelivered: 0 });
      }, 20_000);
      expect((await jsm.streams.info(DEAD_LETTER_STREAM)).state.messages).toBe(0);
    } finally {
      await nc.close();
    }
  });

  it("takes a joint operation's violation at a place into the ledger once, by a case of its own; /enforcement/figures agrees", async () => {
    const team = await suite.token('enforcement');
    const commander = await suite.token('commander');
    const as = (t: string) => ({ authorization: `Bearer ${t}` });
    const today = streetCalendar().today();
    const ledger = async () => (await suite.http().get(`/api/v1/stats/key-areas?from=${today}&to=${today}&root=${STREET}`).set(as(commander)).expect(200)).body;
    const figures = async () => (await suite.http().get('/api/v1/enforcement/figures').set(as(commander)).expect(200)).body;
    const keyArea = (l: { rows: { keyArea: string; found: number }[] }, k: string) => l.rows.find((r) => r.keyArea === k)?.found ?? 0;

    const existing = await suite.http().post('/api/v1/enforcement/cases').set(as(team)).send({
      title: '市场东门占道经营', category: 'illegal_business', description: '巡查发现占道经营', gridPath: `${STREET}.c01.g2_01.g3_01`,
    }).expect(201);
    await eventually(async () => {
      const [row] = await enforcementDb.query(`SELECT incident_id FROM enforcement.cases WHERE id = $1`, [existing.body.id]);
      expect(row.incident_id).not.toBeNull();
    }, 20_000);
    const ledgerBefore = await ledger();
    const figuresBefore = await figures();

    const op = (await suite.http().post('/api/v1/enforcement/operations').set(as(commander)).set('idempotency-key', `op-${existing.body.id}`).send({
      name: '农贸市场无证经营联合整治', leadUnit: '综合执法队', gridPath: STREET,
      startsAt: new Date(Date.now() - 3_600_000).toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      departments: [{ departmentId: '11111111-2222-4333-8444-555555555555', code: 'market_regulation', name: '市场监管所', people: [{ name: '孙丽' }] }],
      targets: [{ caseId: existing.body.id }, { placeName: '金川河菜场', address: '金川河路6号', gridPath: `${STREET}.c01.g2_01.g3_01`, location: { lng: 118.7452, lat: 32.0971 } }],
    }).expect(201)).body;
    const [caseTarget, placeTarget] = op.targets;
    const result = (target: string, body: Record<string, unknown>) =>
      suite.http().post(`/api/v1/enforcement/operations/${op.id}/targets/${target}/result`).set(as(team)).set('idempotency-key', `${target}-${JSON.stringify(body).length}-${Object.keys(body).join()}`)
        .send({ officers: [{ name: '王强', badgeNo: 'ZF001' }, { name: '李明', badgeNo: 'ZF002' }], inspected: true, violationFound: true, ...body });

    // A violation at a place must say what it is (it opens a case): 400 naming the field, nothing written.
    const bad = await result(placeTarget.id, { note: '无证经营熟食' }).expect(400);
    expect(bad.body.details.fields[0]).toMatchObject({ field: 'category' });
    expect((await enforcementDb.query(`SELECT recorded_at, found_case_id FROM enforcement.operation_targets WHERE id = $1`, [placeTarget.id]))[0]).toEqual({ recorded_at: null, found_case_id: null });

    // The case target's violation is its case's: no new case. The place's opens one (origin 'operation').
    await result(caseTarget.id, { noticesIssued: 1 }).expect(200);
    const recorded = (await result(placeTarget.id, { category: 'illegal_business', note: '无证经营熟食', penaltyAmount: 500 }).expect(200)).body;
    const place = recorded.targets.find((t: { id: string }) => t.id === placeTarget.id);
    expect(place.foundCaseId).toEqual(expect.any(String));
    expect(place.foundCaseRef).toMatch(/^ZF/);
    expect(recorded.targets.find((t: { id: string }) => t.id === caseTarget.id).foundCaseId).toBeNull();
    const found = (await suite.http().get(`/api/v1/enforcement/cases/${place.foundCaseId}`).set(as(team)).expect(200)).body;
    expect(found).toMatchObject({ origin: 'operation', category: 'illegal_business', keyArea: 'illegal_business', gridPath: `${STREET}.c01.g2_01.g3_01`, address: '金川河路6号' });
    // recorded again (a correction): still the one case
    await result(placeTarget.id, { category: 'illegal_business', note: '无证经营熟食，已责令停业', penaltyAmount: 500 }).expect(200);
    expect(await enforcementDb.query(`SELECT id FROM enforcement.cases WHERE origin = 'operation'`)).toEqual([{ id: place.foundCaseId }]);

    // The office takes it in once: an incident accepted by the team, linked both ways, in the key area.
    const incident = await eventually(async () => {
      const res = await suite.http().get('/api/v1/incidents?limit=100').set(as(commander)).expect(200);
      const mine = res.body.items.filter((i: { sourceRef?: string }) => i.sourceRef === place.foundCaseId);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ source: 'enforcement_patrol', state: 'accepted', keyArea: 'illegal_business' });
      const [row] = await enforcementDb.query(`SELECT incident_id FROM enforcement.cases WHERE id = $1`, [place.foundCaseId]);
      expect(row.incident_id).toBe(mine[0].id);
      return mine[0];
    }, 20_000);
    const detail = await suite.http().get(`/api/v1/incidents/${incident.id}`).set(as(commander)).expect(200);
    expect(detail.body.history.map((h: { note?: string }) => h.note ?? '').join('\n')).toContain(`联合执法 ${op.ref}`);

    // The ledger counts one more found problem (not two), /enforcement/figures one more finding, as a case.
    const ledgerAfter = await ledger();
    expect(ledgerAfter.total.found).toBe(ledgerBefore.total.found + 1);
    expect(keyArea(ledgerAfter, 'illegal_business')).toBe(keyArea(ledgerBefore, 'illegal_business') + 1);
    const figuresAfter = await figures();
    expect(figuresAfter.findings).toEqual({ total: figuresBefore.findings.total + 1, cases: figuresBefore.findings.cases + 1, operations: figuresBefore.findings.operations });
    expect(figuresAfter.penalties.operations).toEqual({ count: figuresBefore.penalties.operations.count + 1, amount: figuresBefore.penalties.operations.amount + 500 });
    // Agreement of the two: every case the team found itself (patrol or operation; no office dispatch in
    // this suite) is exactly one ledger incident (a "me too" finding as a follower), and vice versa.
    const incidents = (await suite.http().get('/api/v1/incidents?limit=100').set(as(commander)).expect(200)).body.items.filter((i: { source: string }) => i.source === 'enforcement_patrol');
    const selfFound: { id: string }[] = await enforcementDb.query(`SELECT id FROM enforcement.cases WHERE origin IN ('patrol', 'operation')`);
    expect(incidents.map((i: { sourceRef: string }) => i.sourceRef).sort()).toEqual(selfFound.map((c) => c.id).sort());
    expect(figuresAfter.findings.cases).toBe(selfFound.length);
  });
});

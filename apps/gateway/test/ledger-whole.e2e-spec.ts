import { DataSource } from 'typeorm';
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
});

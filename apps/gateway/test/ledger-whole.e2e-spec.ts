import { DataSource } from 'typeorm';
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
});

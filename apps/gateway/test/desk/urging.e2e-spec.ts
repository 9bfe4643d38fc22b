import { demoStreet } from '@grid122/demo-street';
import { Desk, scope, startDesk } from './desk-support';

/**
 * Urging's routes (催办, issue 23 item 4) through the gateway with the demo street's accounts, against
 * the real office and registry: the centre urges at its route (edge role, 400 naming the field), the
 * unit's queue shows it, the unit acknowledges at its path. The office's rules of urging (who may,
 * once, the sweep's urging rising to the commander and the district) are tested in its folder:
 * apps/office/test/urging.e2e-spec.ts.
 */
const CLUSTERS = demoStreet().grids.filter((g) => g.level === 'building_cluster' && g.path.startsWith(`${scope.streetPath}.`));

describe('desk: urging (督办催办)', () => {
  let desk: Desk;
  let n = 0;
  const report = async (extra: Record<string, unknown> = {}) => {
    n += 1;
    return desk.report('commander', { source: 'hotline_12345', title: `占道经营 催办 ${n}`, keyArea: 'other', category: 'exposed_rubbish', location: desk.pointIn(CLUSTERS[n * 9 + 2].path), ...extra });
  };
  const post = async (path: string, who: string, body: Record<string, unknown>, status: number) => {
    const res = await desk.suite.http().post(path).set(await desk.login(who)).set('idempotency-key', `urge-${Math.random()}`).send(body);
    expect({ status: res.status, body: res.body }).toMatchObject({ status });
    return res.body;
  };
  const queue = async (who: string) => (await desk.suite.http().get('/api/v1/queue').query({ limit: 100 }).set(await desk.login(who)).expect(200)).body.items;

  beforeAll(async () => {
    desk = await startDesk();
  }, 240_000);
  afterAll(() => desk?.suite.stop());

  it('the centre urges at its route; the unit sees it in its queue and acknowledges it at its path', async () => {
    const i = await report();
    await desk.act(i.id, 'register', 'commander');
    await desk.act(i.id, 'dispatch', 'commander', { unit: 'enforcement' });
    await post(`/api/v1/incidents/${i.id}/urge`, 'enforcement', {}, 403);
    const long = await post(`/api/v1/incidents/${i.id}/urge`, 'commander', { note: 'x'.repeat(2001) }, 400);
    expect(JSON.stringify(long)).toContain('note');

    const urged = await post(`/api/v1/incidents/${i.id}/urge`, 'commander', { note: '群众多次来电，请尽快处置' }, 200);
    const [u] = urged.urgings;
    expect(u).toMatchObject({ unit: 'enforcement', level: 'unit', acknowledgedAt: null });
    const item = (await queue('enforcement')).find((x: { id: string }) => x.id === i.id);
    expect(item.waitingFor).toMatchObject({ action: 'acknowledge', label: { zh: '待签收催办' } });

    await post(`/api/v1/incidents/${i.id}/urgings/${u.id}/acknowledge`, 'commander', {}, 403);
    const acked = await post(`/api/v1/incidents/${i.id}/urgings/${u.id}/acknowledge`, 'enforcement', { note: '已安排队员今日处置' }, 200);
    expect(acked.urgings[0]).toMatchObject({ id: u.id, acknowledgedBy: expect.any(String) });
    await post(`/api/v1/incidents/${i.id}/urgings/${u.id}/acknowledge`, 'enforcement', {}, 409);
  });
});

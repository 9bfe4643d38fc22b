import { demoStreet } from '@grid122/demo-street';
import { Desk, scope, startDesk } from './desk-support';

/**
 * The loop upward's routes (issue 23 item 5) through the gateway with the demo street's accounts,
 * against the real office and registry: escalation at the action path, the list's overdue and
 * light filters from the query string, the supervision sweep's edge role. The street's clock
 * standing while the district holds the case (red only when late before it went up, the sweep not
 * urging it, the closure on time) is tested in the office's folder:
 * apps/office/test/escalated-clock.e2e-spec.ts.
 */
const CLUSTERS = demoStreet().grids.filter((g) => g.level === 'building_cluster' && g.path.startsWith(`${scope.streetPath}.`));

describe('desk: an escalated case on the street clock (上报区级), its routes', () => {
  let desk: Desk;
  const ids = async (query: Record<string, string>) =>
    (await desk.suite.http().get('/api/v1/incidents').query({ ...query, state: 'escalated', limit: '500' }).set(await desk.login('commander')).expect(200)).body.items.map((i: { id: string }) => i.id);

  beforeAll(async () => {
    desk = await startDesk();
  }, 240_000);
  afterAll(() => desk?.suite.stop());

  it('escalates at the path; the list’s overdue and light filters come from the query string; the sweep is the commander’s', async () => {
    const call = (title: string, cluster: number, over: Record<string, unknown> = {}) =>
      desk.report('commander', { source: 'hotline_12345', title, keyArea: 'other', category: 'exposed_rubbish', location: desk.pointIn(CLUSTERS[cluster].path), ...over });
    // Taken three days ago and never dispatched: late; the other fresh.
    const late = await call('违建举报', 3, { reportedAt: new Date(Date.now() - 3 * 86_400_000).toISOString() });
    await desk.act(late.id, 'register', 'commander');
    const upLate = await desk.act(late.id, 'escalate', 'commander', { reason: '涉及区级多部门，需区级协调' });
    expect(upLate).toMatchObject({ state: 'escalated', clock: { paused: true, light: 'red' } });
    const fresh = await call('河道污染', 5);
    await desk.act(fresh.id, 'register', 'commander');
    await desk.act(fresh.id, 'escalate', 'commander', {}, 400); // the reason is required
    await desk.act(fresh.id, 'escalate', 'commander', { reason: '跨街道河道，需区级处理' });

    expect(await ids({ overdue: 'true' })).toEqual([late.id]);
    expect(await ids({ light: 'red' })).toEqual([late.id]);
    expect(await ids({ overdue: 'false' })).toEqual([fresh.id]);
    await desk.suite.http().get('/api/v1/incidents?overdue=maybe').set(await desk.login('commander')).expect(400);

    await desk.suite.http().post('/api/v1/supervision/sweep').set(await desk.login('worker')).expect(403);
    await desk.suite.http().post('/api/v1/supervision/sweep').set(await desk.login('commander')).expect(200);
    const closed = await desk.act(fresh.id, 'close', 'commander', { closureType: 'fixed', reply: '区级已协调水务部门清理河道。' });
    expect(closed).toMatchObject({ state: 'closed', resolutionLevel: 'district', onTime: true });
  });
});

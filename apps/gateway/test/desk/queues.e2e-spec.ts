import { Desk, scope, startDesk } from './desk-support';

/**
 * The queue route (我的待办, issue 23 item 8) through the gateway with the demo street's accounts,
 * against the real office and registry: the query string (light, action, limit, cursor) into the
 * request, the edge roles, 400 naming the field. What waits for whom, in which order, with which
 * light, is tested in the office's folder: apps/office/test/queues.e2e-spec.ts.
 */
describe('desk: the queue route', () => {
  let desk: Desk;
  const queue = async (who: string, query = '') => (await desk.suite.http().get(`/api/v1/queue${query}`).set(await desk.login(who)).expect(200)).body;
  const report = (category: string, title: string, over: Record<string, unknown> = {}) =>
    desk.report('worker', { source: 'grid_patrol', title, keyArea: 'other', category, location: desk.pointIn(scope.gridWorker.path), ...over });

  beforeAll(async () => {
    desk = await startDesk();
  }, 240_000);
  afterAll(() => desk?.suite.stop());

  it('answers each account its queue with the query’s filters and cursor; readers without work get 403', async () => {
    const late = await report('blocked_rubbish_chute', '垃圾道堵塞两天', { reportedAt: new Date(Date.now() - 2 * 86_400_000).toISOString() });
    const manhole = await report('missing_manhole_cover', '井盖缺失');
    const centre = await queue('commander');
    expect(centre.owner).toEqual({ kind: 'commander', ref: scope.streetPath });
    expect(centre.items.map((i: { id: string }) => i.id)).toEqual([late.id, manhole.id]);
    expect((await queue('commander', '?light=red&action=register')).items.map((i: { id: string }) => i.id)).toEqual([late.id]);
    const page = await queue('commander', '?limit=1');
    expect(page.items.map((i: { id: string }) => i.id)).toEqual([late.id]);
    expect((await queue('commander', `?limit=1&cursor=${page.nextCursor}`)).items.map((i: { id: string }) => i.id)).toEqual([manhole.id]);

    await desk.act(manhole.id, 'register', 'commander');
    await desk.act(manhole.id, 'dispatch', 'commander', { unit: 'enforcement' });
    const team = await queue('enforcement');
    expect(team.items.map((i: { id: string; waitingFor: { action: string } }) => [i.id, i.waitingFor.action])).toEqual([[manhole.id, 'accept']]);
    expect((await queue('liaison')).owner).toEqual({ kind: 'department', ref: scope.liaison.departmentId });

    await desk.suite.http().get('/api/v1/queue').set(await desk.login('district')).expect(403);
    await desk.suite.http().get('/api/v1/queue').set(await desk.login('auditor')).expect(403);
    const bad = await desk.suite.http().get('/api/v1/queue?light=blue').set(await desk.login('enforcement')).expect(400);
    expect(bad.body.details.fields[0].field).toBe('light');
    await desk.suite.http().get('/api/v1/queue?cursor=nonsense').set(await desk.login('enforcement')).expect(400);
    await desk.suite.http().get('/api/v1/queue?limit=0').set(await desk.login('enforcement')).expect(400);
  });
});

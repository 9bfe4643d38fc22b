import { demoStreet } from '@grid122/demo-street';
import { Desk, scope, startDesk } from './desk-support';

/**
 * Joint dispatch's route (联合派遣, issue 23 item 3) through the gateway with the demo street's
 * accounts, against the real office and registry: the lead and the assists in the dispatch action's
 * body, each party acting at the action path, 400 naming the field, 409 and 404 from the codes.
 * The office's rules (each party's acceptance and feedback, the lead's report handling the case,
 * returns, 首问负责) are tested in its folder: apps/office/test/desk/joint-dispatch.ts.
 */
const DEPT = scope.liaison.departmentId;
const CLUSTERS = demoStreet().grids.filter((g) => g.level === 'building_cluster' && g.path.startsWith(`${scope.streetPath}.`));

describe('desk: joint dispatch (主办 / 协办) at the action route', () => {
  let desk: Desk;
  let n = 0;
  const report = async () => {
    n += 1;
    return desk.report('commander', { source: 'hotline_12345', title: `占道经营 ${n}`, keyArea: 'other', category: 'exposed_rubbish', location: desk.pointIn(CLUSTERS[(n + 1) * 7].path) });
  };
  const dispatch = async (id: string, body: Record<string, unknown>) => desk.suite.http().post(`/api/v1/incidents/${id}/dispatch`).set(await desk.login('commander')).send(body);

  beforeAll(async () => {
    desk = await startDesk();
  }, 240_000);
  afterAll(() => desk?.suite.stop());

  it('dispatches a lead with assists from the body; the parties act at the path; 400 naming the field, 409, 404', async () => {
    const i = await report();
    await desk.act(i.id, 'register', 'commander');
    const both = await dispatch(i.id, { unit: 'enforcement', departmentId: DEPT, assists: [{ unit: 'social' }] });
    expect(both.status).toBe(400);
    expect(JSON.stringify(both.body)).toContain('unit');
    const twice = await dispatch(i.id, { unit: 'enforcement', assists: [{ unit: 'enforcement' }] });
    expect(twice.status).toBe(400);
    expect(JSON.stringify(twice.body)).toContain('assists.0');
    expect((await dispatch(i.id, { unit: 'enforcement', assists: [{}] })).status).toBe(400);

    const dispatched = await dispatch(i.id, { departmentId: DEPT, assists: [{ unit: 'social' }, { unit: 'enforcement' }] });
    expect(dispatched.status).toBe(200);
    expect(dispatched.body.parties.map((p: { role: string; name: string }) => [p.role, p.name])).toEqual([
      ['lead', `部门 ${DEPT}`],
      ['assist', '社会服务队'],
      ['assist', '综合执法队'],
    ]);
    expect(await desk.act(i.id, 'accept', 'enforcement')).toMatchObject({ state: 'dispatched' });
    await desk.act(i.id, 'accept', 'enforcement', {}, 409); // accepted already
    await desk.act(i.id, 'return', 'social', { reason: '不属于社会服务队职责' });
    await desk.suite.http().get(`/api/v1/incidents/${i.id}`).set(await desk.login('social')).expect(404);
    expect(await desk.act(i.id, 'accept', 'liaison')).toMatchObject({ state: 'accepted', leadDepartmentId: DEPT });
  });
});

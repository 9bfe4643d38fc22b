import { GetIncident, ListIncidents } from '@grid122/contracts';
import { ServiceTest } from '@grid122/testing';
import { CLUSTERS, DESK_ACTORS, DeskActor, deskOf, pointIn, scope, statusOf } from '../support/desk';

const DEPT = scope.liaison.departmentId;

/**
 * Joint dispatch (联合派遣, issue 23 item 3) through the office's contracts, as the demo street's
 * accounts: one lead (主办) and assisting units and departments (协办), each with its own acceptance
 * and feedback; the case is handled when the lead reports done. The routes are the gateway's
 * desk/joint-dispatch spec.
 */
export const jointDispatchCases = (svc: () => ServiceTest) => describe('office: joint dispatch (主办 / 协办)', () => {
  const desk = deskOf(svc);
  let n = 0;
  /** A hotline call placed in its own grid (no "me too" between the tests). */
  const report = async (path = CLUSTERS[(n + 1) * 7].path) => {
    n += 1;
    return desk.report('commander', { source: 'hotline_12345', title: `无照经营 ${n}`, keyArea: 'illegal_business', category: 'unlicensed_business', location: pointIn(path) });
  };
  const { act, get } = desk;
  const conflict = async (id: string, action: string, who: DeskActor, b: Record<string, unknown> = {}) => expect(statusOf(await desk.refused(id, action, who, b))).toBe(409);

  it('dispatches one lead and two assists; each accepts and reports on its own; the lead’s report handles the case', async () => {
    const i = await report(scope.gridWorker.path);
    await act(i.id, 'register', 'commander');
    const dispatched = await act(i.id, 'dispatch', 'commander', { unit: 'enforcement', assists: [{ unit: 'social' }, { departmentId: DEPT }] });
    expect(dispatched).toMatchObject({ state: 'dispatched', unit: 'enforcement', assistUnits: ['social'], assistDepartmentIds: [DEPT] });
    expect(dispatched.parties!.map((p) => [p.role, p.name, p.state])).toEqual([
      ['lead', '综合执法队', 'dispatched'],
      ['assist', '社会服务队', 'dispatched'],
      ['assist', `部门 ${DEPT}`, 'dispatched'],
    ]);

    // Each assist sees the case in its own list and accepts its part: the incident does not move.
    const mine = (await svc().call(ListIncidents, { limit: 100 }, DESK_ACTORS.social)).items;
    expect(mine.map((x) => x.id)).toContain(i.id);
    const assistAccepted = await act(i.id, 'accept', 'social');
    expect(assistAccepted).toMatchObject({ state: 'dispatched', leadUnit: null });
    await conflict(i.id, 'accept', 'social'); // accepted already

    const leadAccepted = await act(i.id, 'accept', 'enforcement');
    expect(leadAccepted).toMatchObject({ state: 'accepted', leadUnit: 'enforcement' });

    // An assist's feedback is recorded; the case stays with the lead.
    const fed = await act(i.id, 'handle', 'social', { result: '已安排志愿者劝导' });
    expect(fed.state).toBe('accepted');
    // The department never reports; the lead's report handles the case and names it.
    const handled = await act(i.id, 'handle', 'enforcement', { result: '摊位已清理' });
    expect(handled.state).toBe('handled');

    const full = await get(i.id);
    const parties = Object.fromEntries(full.parties!.map((p) => [p.name, p]));
    expect(parties['综合执法队']).toMatchObject({ role: 'lead', state: 'reported', feedback: '摊位已清理' });
    expect(parties['社会服务队']).toMatchObject({ role: 'assist', state: 'reported', feedback: '已安排志愿者劝导', roleLabel: { zh: '协办' } });
    expect(parties[`部门 ${DEPT}`]).toMatchObject({ role: 'assist', state: 'dispatched', feedback: null });
    expect(full.history!.map((h) => `${h.action}:${h.note}`)).toEqual(
      expect.arrayContaining([
        `dispatch:派遣 综合执法队; 主办 综合执法队，协办 社会服务队、部门 ${DEPT}`,
        'assist_accept:协办 社会服务队 已签收',
        'assist_handle:协办 社会服务队 反馈：已安排志愿者劝导',
        `handle:摊位已清理; 协办未反馈：部门 ${DEPT}`,
      ]),
    );

    // The late assist may still report until closure; then the case is closed normally.
    await act(i.id, 'handle', 'liaison', { result: '已核对经营许可' });
    await act(i.id, 'verify', 'worker');
    const closed = await act(i.id, 'close', 'commander', { closureType: 'fixed' });
    expect(closed).toMatchObject({ state: 'closed', resolutionLevel: 'street' });
    await conflict(i.id, 'handle', 'liaison', { result: '再次反馈' });
  });

  it('an assist returns its part; the lead’s return takes the whole dispatch back and the assists lose sight of it', async () => {
    const i = await report();
    await act(i.id, 'register', 'commander');
    await act(i.id, 'dispatch', 'commander', { departmentId: DEPT, assists: [{ unit: 'social' }, { unit: 'enforcement' }] });
    const declined = await act(i.id, 'return', 'social', { reason: '不属于社会服务队职责' });
    expect(declined).toMatchObject({ state: 'dispatched', assistUnits: ['enforcement'] });
    expect(statusOf(await svc().refusal(GetIncident, { id: i.id }, DESK_ACTORS.social))).toBe(404);

    await act(i.id, 'accept', 'liaison');
    const back = await act(i.id, 'return', 'liaison', { reason: '需重新研判' });
    expect(back).toMatchObject({ state: 'registered', unit: null, departmentId: null, assistUnits: [], assistDepartmentIds: [] });
    expect(statusOf(await svc().refusal(GetIncident, { id: i.id }, DESK_ACTORS.enforcement))).toBe(404);
    expect((await get(i.id)).parties!.every((p) => p.state === 'returned')).toBe(true);
  });

  it('refuses a dispatch with assists but no single lead, or a party named twice, naming the field', async () => {
    const i = await report();
    await act(i.id, 'register', 'commander');
    const both = await desk.refused(i.id, 'dispatch', 'commander', { unit: 'enforcement', departmentId: DEPT, assists: [{ unit: 'social' }] });
    expect(statusOf(both)).toBe(400);
    expect(JSON.stringify(both.details)).toContain('unit');
    const twice = await desk.refused(i.id, 'dispatch', 'commander', { unit: 'enforcement', assists: [{ unit: 'enforcement' }] });
    expect(statusOf(twice)).toBe(400);
    expect(JSON.stringify(twice.details)).toContain('assists.0');
    expect(statusOf(await desk.refused(i.id, 'dispatch', 'commander', { unit: 'enforcement', assists: [{}] }))).toBe(400);
    expect((await get(i.id)).state).toBe('registered');
  });

  it('under 首问负责 (a unit and a department, no assists) the first to accept leads and the other becomes its assist', async () => {
    const i = await report();
    await act(i.id, 'register', 'commander');
    await act(i.id, 'dispatch', 'commander', { unit: 'enforcement', departmentId: DEPT });
    const first = await act(i.id, 'accept', 'liaison');
    expect(first).toMatchObject({ state: 'accepted', leadDepartmentId: DEPT, assistUnits: ['enforcement'] });
    await act(i.id, 'accept', 'enforcement');
    expect((await get(i.id)).parties!.map((p) => [p.role, p.name, p.state])).toEqual([
      ['lead', `部门 ${DEPT}`, 'accepted'],
      ['assist', '综合执法队', 'accepted'],
    ]);
  });
});

import { OfficeErrorCode, RateIncident } from '@grid122/contracts';
import { ServiceTest } from '@grid122/testing';
import { DESK_ACTORS, DeskActor, deskOf, fieldOf, pointIn, scope, statusOf } from '../support/desk';

/**
 * The loop to the caller (issue 23 item 6) through the office's contracts, as the demo street's
 * accounts: the completion reply (办结回复) written at closure and shown to the reporter, and the
 * reporter's answer 满意 / 基本满意 / 不满意, where 不满意 reopens the case as rework. The routes and
 * Open311 (`status_notes`, the update feed, attribute[satisfaction]) are the gateway's
 * desk/caller-loop spec.
 */
export const callerLoopCases = (svc: () => ServiceTest) => describe('office: the loop to the caller (办结回复, 满意度)', () => {
  const desk = deskOf(svc);
  let n = 0;
  /** A report by the grid worker in its own grid, taken to verified. */
  const toVerified = async () => {
    n += 1;
    const i = await desk.report('worker', { source: 'grid_patrol', title: `井盖破损 ${n}`, keyArea: 'other', category: 'missing_manhole_cover', location: pointIn(scope.gridWorker.path) });
    await desk.act(i.id, 'register', 'commander');
    await desk.act(i.id, 'dispatch', 'commander', { unit: 'enforcement' });
    await desk.act(i.id, 'accept', 'enforcement');
    await desk.act(i.id, 'handle', 'enforcement', { result: '已更换井盖' });
    await desk.act(i.id, 'verify', 'worker');
    return i;
  };
  const rate = (incidentId: string, who: DeskActor, body: { answer: string; comment?: string }) => svc().call(RateIncident, { incidentId, ...body }, DESK_ACTORS[who]);
  const refusedRate = (incidentId: string, who: DeskActor, body: { answer: string; comment?: string }) => svc().refusal(RateIncident, { incidentId, ...body }, DESK_ACTORS[who]);

  it('writes the completion reply at closure; the reporter answers 满意 once per closure', async () => {
    const i = await toVerified();
    const closed = await desk.act(i.id, 'close', 'commander', { closureType: 'fixed', reply: '您反映的井盖破损问题已于今日更换新井盖，感谢您的反映！' });
    expect(closed).toMatchObject({ state: 'closed', completionReply: '您反映的井盖破损问题已于今日更换新井盖，感谢您的反映！', satisfaction: null });

    // The worker's phone reads the reply on the incident it reported.
    expect((await desk.get(i.id, 'worker')).completionReply).toBe('您反映的井盖破损问题已于今日更换新井盖，感谢您的反映！');

    // Only the reporter (or the centre for a caller) answers; a unit may not.
    expect(statusOf(await refusedRate(i.id, 'enforcement', { answer: 'satisfied' }))).toBe(403);
    const answered = await rate(i.id, 'worker', { answer: 'satisfied', comment: '很及时' });
    expect(answered).toMatchObject({ state: 'closed', satisfaction: 'satisfied', satisfactionLabel: { zh: '满意' }, reopened: false });
    const again = await refusedRate(i.id, 'worker', { answer: 'dissatisfied' });
    expect([again.code, statusOf(again)]).toEqual([OfficeErrorCode.SatisfactionAnswered, 409]);
    const bad = await refusedRate(i.id, 'worker', { answer: '还行' });
    expect([statusOf(bad), fieldOf(bad)]).toEqual([400, 'answer']);
    const full = await desk.get(i.id);
    expect(full.history!.filter((h) => h.action === 'satisfaction').map((h) => h.note)).toEqual(['群众评价：满意；很及时']);
  });

  it('不满意 reopens the case as rework, back to the unit; a case not closed cannot be answered', async () => {
    const i = await toVerified();
    expect(statusOf(await refusedRate(i.id, 'worker', { answer: 'satisfied' }))).toBe(409); // not closed yet
    const closed = await desk.act(i.id, 'close', 'commander', { closureType: 'fixed' });
    // Not written by the commander: composed from the closure and the unit's result, in Chinese.
    expect(closed.completionReply).toBe('您反映的问题已办结：已更换井盖。感谢您的监督！');
    const answered = await rate(i.id, 'worker', { answer: 'dissatisfied', comment: '井盖仍然松动' });
    expect(answered).toMatchObject({ state: 'in_progress', reworkCount: 1, reopened: true, satisfaction: null, completionReply: null, leadUnit: 'enforcement' });
    const full = await desk.get(i.id);
    expect(full.history!.map((h) => `${h.action}:${h.note}`)).toEqual(expect.arrayContaining(['satisfaction:群众评价：不满意；井盖仍然松动', 'reopen:群众不满意，重新办理：井盖仍然松动']));
    // The next closure may be answered again.
    await desk.act(i.id, 'handle', 'enforcement', { result: '已加固井盖' });
    await desk.act(i.id, 'verify', 'worker');
    await desk.act(i.id, 'close', 'commander', { closureType: 'fixed' });
    expect((await rate(i.id, 'worker', { answer: 'basically_satisfied' })).satisfaction).toBe('basically_satisfied');
  });
});

import { MyQueue } from '@grid122/contracts';
import { serviceUnderTest } from '@grid122/testing';
import { DESK_ACTORS, DeskActor, deskOf, fieldOf, pointIn, scope, statusOf } from './support/desk';
import { officeBesideRegistry } from './support/office-beside-registry';

jest.setTimeout(120_000);

/**
 * 我的待办 (issue 23, item 8) through the office's contracts, as the demo street's accounts: what
 * waits for the enforcement team, the urban-management liaison, the grid worker and the commander,
 * most urgent first, with the traffic light. The route is the gateway's desk/queues spec.
 */
describe('office: my queue', () => {
  const svc = serviceUnderTest(officeBesideRegistry());
  const desk = deskOf(svc);
  const queue = (who: DeskActor, q: Record<string, unknown> = {}) => svc().call(MyQueue, q, DESK_ACTORS[who]);
  const codes = (body: { items: { id: string; waitingFor: { action: string } }[] }) => body.items.map((i) => [i.id, i.waitingFor.action]);
  const report = (category: string, title: string, over: Record<string, unknown> = {}) =>
    desk.report('worker', { source: 'grid_patrol', title, keyArea: 'other', category, location: pointIn(scope.gridWorker.path), ...over });

  it('gives each account what waits for it, by deadline, with the light', async () => {
    // Reported two days ago on the hotline and only entered now: its register+dispatch hour is long gone (red).
    const late = await report('blocked_rubbish_chute', '垃圾道堵塞两天', { reportedAt: new Date(Date.now() - 2 * 86_400_000).toISOString() });
    const manhole = await report('missing_manhole_cover', '井盖缺失');
    const greenery = await report('greenery_upkeep', '绿化带枯死');
    const light = await report('broken_streetlight', '路灯不亮');

    const centre = await queue('commander');
    expect(centre.owner).toEqual({ kind: 'commander', ref: scope.streetPath });
    expect(codes(centre).slice(0, 4)).toEqual([
      [late.id, 'register'],
      [manhole.id, 'register'],
      [greenery.id, 'register'],
      [light.id, 'register'],
    ]);
    expect(centre.items[0]).toMatchObject({ waitingFor: { label: { zh: '待立案' } }, clock: { light: 'red', overdue: true } });
    expect(centre.counts).toMatchObject({ total: 4, red: 1 });
    expect(codes(await queue('commander', { light: 'red' }))).toEqual([[late.id, 'register']]);

    for (const i of [manhole, greenery, light]) await desk.act(i.id, 'register', 'commander');
    await desk.act(greenery.id, 'dispatch', 'commander', { unit: 'enforcement' });
    await desk.act(manhole.id, 'dispatch', 'commander', { unit: 'enforcement' });
    await desk.act(light.id, 'dispatch', 'commander', { departmentId: scope.liaison.departmentId });
    expect(codes(await queue('commander', { action: 'dispatch' }))).toEqual([]);

    // The team: the manhole (2 working hours) before the greenery (5 working days), whatever the order of dispatch.
    const team = await queue('enforcement');
    expect(team.owner).toEqual({ kind: 'unit', ref: 'enforcement' });
    expect(codes(team)).toEqual([
      [manhole.id, 'accept'],
      [greenery.id, 'accept'],
    ]);
    expect(team.items[0].clock).toMatchObject({ phase: 'dispose', light: 'green' });
    const deadlines = team.items.map((i) => Date.parse(i.deadline!));
    expect(deadlines).toEqual([...deadlines].sort((a, b) => a - b));
    await desk.act(greenery.id, 'accept', 'enforcement');
    expect(codes(await queue('enforcement'))).toEqual([
      [manhole.id, 'accept'],
      [greenery.id, 'handle'],
    ]);
    // The department's liaison has only the department's case; the other units nothing.
    const bureau = await queue('liaison');
    expect(bureau.owner).toEqual({ kind: 'department', ref: scope.liaison.departmentId });
    expect(codes(bureau)).toEqual([[light.id, 'accept']]);
    expect((await queue('social')).items).toEqual([]);

    // Handled: it leaves the team's queue and waits for the grid worker to verify it.
    await desk.act(manhole.id, 'accept', 'enforcement');
    await desk.act(manhole.id, 'handle', 'enforcement', { result: '已更换井盖' });
    expect(codes(await queue('enforcement'))).toEqual([[greenery.id, 'handle']]);
    const grid = await queue('worker');
    expect(grid.owner.kind).toBe('grid_worker');
    expect(codes(grid)).toEqual([[manhole.id, 'verify']]);
    await desk.act(manhole.id, 'verify', 'worker');
    expect(codes(await queue('worker'))).toEqual([]);
    expect(codes(await queue('commander', { action: 'close' }))).toEqual([[manhole.id, 'close']]);
  });

  it('gives an assisting unit (协办) its part of a joint dispatch until it has reported back', async () => {
    const i = await report('muck', '渣土撒漏');
    await desk.act(i.id, 'register', 'commander');
    await desk.act(i.id, 'dispatch', 'commander', { unit: 'enforcement', assists: [{ unit: 'social' }, { departmentId: scope.liaison.departmentId }] });
    const social = await queue('social');
    expect(social.items.map((x) => [x.id, x.waitingFor])).toEqual([[i.id, { action: 'accept', label: { zh: '待签收', en: 'To accept' }, part: 'assist' }]]);
    expect((await queue('liaison')).items.find((x) => x.id === i.id)!.waitingFor).toMatchObject({ action: 'accept', part: 'assist' });
    expect((await queue('enforcement')).items.find((x) => x.id === i.id)!.waitingFor).toMatchObject({ action: 'accept', part: 'lead' });
    await desk.act(i.id, 'accept', 'social');
    expect((await queue('social')).items.map((x) => x.waitingFor.action)).toEqual(['handle']);
    await desk.act(i.id, 'handle', 'social', { result: '已协助清扫' });
    expect((await queue('social')).items).toEqual([]);
    // The lead's queue is unchanged by the assist's feedback.
    expect((await queue('enforcement')).items.find((x) => x.id === i.id)!.waitingFor.action).toBe('accept');
  });

  it('pages by deadline with a cursor, and has no queue for readers without work', async () => {
    const all = await queue('commander');
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page: MyQueue.Reply = await queue('commander', { limit: 1, ...(cursor ? { cursor } : {}) });
      walked.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(walked).toEqual(all.items.map((i) => i.id));
    expect(walked.length).toBeGreaterThan(1);

    expect(statusOf(await svc().refusal(MyQueue, {}, DESK_ACTORS.district))).toBe(403);
    expect(statusOf(await svc().refusal(MyQueue, {}, DESK_ACTORS.auditor))).toBe(403);
    const bad = await svc().refusal(MyQueue, { light: 'blue' }, DESK_ACTORS.enforcement);
    expect([statusOf(bad), fieldOf(bad)]).toEqual([400, 'light']);
    expect(statusOf(await svc().refusal(MyQueue, { cursor: 'nonsense' }, DESK_ACTORS.enforcement))).toBe(400);
  });
});

import { ListIncidents, SuperviseSweep } from '@grid122/contracts';
import { serviceUnderTest } from '@grid122/testing';
import { CLUSTERS, deskOf, pointIn } from './support/desk';
import { officeBesideRegistry } from './support/office-beside-registry';

jest.setTimeout(120_000);

/**
 * The loop upward (issue 23 item 5), the street's side of the clock, through the office's
 * contracts: while the district holds an escalated case the street's clock stands, and the traffic
 * light agrees with the ledger's filters — an escalated case that shows red is in overdue=true and
 * light=red, one that does not is in neither. The routes are the gateway's desk/escalated-clock spec.
 */
describe('office: an escalated case on the street clock (上报区级)', () => {
  const svc = serviceUnderTest(officeBesideRegistry());
  const desk = deskOf(svc);
  const ids = async (query: Record<string, unknown>) => (await svc().call(ListIncidents, { ...query, state: 'escalated', limit: 500 }, 'commander')).items.map((i) => i.id);

  it('stops the clock while the district holds it; red only when late before it went up, and then in the overdue list', async () => {
    // A hotline call taken three days ago and never dispatched: late (register+dispatch is 1 working hour).
    const late = await desk.report('commander', {
      source: 'hotline_12345',
      title: '违建举报',
      keyArea: 'other',
      category: 'exposed_rubbish',
      location: pointIn(CLUSTERS[3].path),
      reportedAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
    });
    await desk.act(late.id, 'register', 'commander');
    expect((await desk.get(late.id)).clock).toMatchObject({ overdue: true, light: 'red', paused: false });
    const upLate = await desk.act(late.id, 'escalate', 'commander', { reason: '涉及区级多部门，需区级协调' });
    expect(upLate.clock).toMatchObject({ paused: true, overdue: true, light: 'red' });
    expect(upLate.deadline).not.toBeNull();

    // A fresh call escalated at once: not late, its clock stands before it could be.
    const fresh = await desk.report('commander', { source: 'hotline_12345', title: '河道污染', keyArea: 'other', category: 'exposed_rubbish', location: pointIn(CLUSTERS[5].path) });
    await desk.act(fresh.id, 'register', 'commander');
    const upFresh = await desk.act(fresh.id, 'escalate', 'commander', { reason: '跨街道河道，需区级处理' });
    expect(upFresh).toMatchObject({ state: 'escalated', deadline: null });
    expect(upFresh.clock!.paused).toBe(true);
    expect(upFresh.clock!.light).not.toBe('red');
    const elapsed = upFresh.clock!.elapsedMinutes;

    // The ledger's filters agree with the lights.
    expect(await ids({ overdue: true })).toEqual([late.id]);
    expect(await ids({ light: 'red' })).toEqual([late.id]);
    expect((await ids({ overdue: false })).sort()).toEqual([fresh.id]);

    // The sweep does not urge what the district holds; the clock has not moved.
    await svc().call(SuperviseSweep, {}, 'commander');
    const after = await desk.get(fresh.id);
    expect(after.clock!.elapsedMinutes).toBe(elapsed);
    expect(after.history!.some((h) => h.action === 'supervise')).toBe(false);
    expect((await desk.get(late.id)).history!.filter((h) => h.action === 'supervise')).toHaveLength(0);

    // Closed at district level as fixed: the stood time is not counted against the street.
    const closed = await desk.act(fresh.id, 'close', 'commander', { closureType: 'fixed', reply: '区级已协调水务部门清理河道。' });
    expect(closed).toMatchObject({ state: 'closed', resolutionLevel: 'district', onTime: true });
  });
});

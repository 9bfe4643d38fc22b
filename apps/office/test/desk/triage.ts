import { KeyAreaStats, ListDispatchRules, OfficeErrorCode, ReclassifyIncident, SetDispatchRule, SuggestDispatch } from '@grid122/contracts';
import { eventually, ServiceTest } from '@grid122/testing';
import { StatsRepository } from '../../src/stats/stats.repository';
import { DESK_ACTORS, deskOf, fieldOf, pointIn, scope, statusOf } from '../support/desk';

/**
 * 筛选分类 and 派遣建议 (issue 23, item 1) through the office's contracts, the registry beside it on
 * the demo street: the centre corrects key area and category at registration and later (with a
 * reason), in the history and in every counter; the category suggests the unit and the district's
 * departments (the registry's) from an editable table. The routes are the gateway's desk/triage spec.
 */
export const triageCases = (svc: () => ServiceTest) => describe('office: triage at registration and dispatch rules', () => {
  const desk = deskOf(svc);
  let n = 0;
  const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const report = (over: Record<string, unknown> = {}) => {
    n += 1;
    // Each test reports its own categories at the worker's grid, so none links to another as "me too".
    return desk.report('worker', { source: 'grid_patrol', title: `路口有人摆摊 ${n}`, keyArea: 'other', category: 'exposed_rubbish', location: pointIn(scope.gridWorker.path), ...over });
  };
  const keyAreas = async () => Object.fromEntries((await svc().call(KeyAreaStats, { from: today(), to: today() }, 'commander')).rows.map((r) => [r.keyArea, r.found])) as Record<string, number>;
  const categoryFound = async (category: string) => (await svc().ds.query(`SELECT coalesce(sum(found), 0)::int AS n FROM office.category_daily WHERE category = $1`, [category]))[0].n as number;
  const reclassify = (incidentId: string, who: 'commander' | 'worker', body: Record<string, string>, idempotencyKey?: string) =>
    svc().call(ReclassifyIncident, { incidentId, ...body }, DESK_ACTORS[who], idempotencyKey ? { idempotencyKey } : {});

  it('corrects key area and category at registration: history and counters follow', async () => {
    const before = await keyAreas();
    const i = await report();
    await eventually(async () => expect(await categoryFound('exposed_rubbish')).toBeGreaterThan(0));
    const rubbishBefore = await categoryFound('exposed_rubbish');
    const occupationBefore = await categoryFound('street_occupation');

    // A category of another key area is refused, and nothing is registered.
    const wrong = await desk.refused(i.id, 'register', 'commander', { keyArea: 'illegal_business', category: 'exposed_rubbish' });
    expect([wrong.code, statusOf(wrong), fieldOf(wrong)]).toEqual([OfficeErrorCode.CategoryInvalid, 422, 'category']);
    // Only the commander registers (and so classifies).
    expect(statusOf(await desk.refused(i.id, 'register', 'worker', { category: 'street_occupation' }))).toBe(403);
    expect(await desk.get(i.id)).toMatchObject({ state: 'reported', category: 'exposed_rubbish' });

    const registered = await desk.act(i.id, 'register', 'commander', { keyArea: 'illegal_business', category: 'street_occupation', note: '实为占道经营' });
    expect(registered).toMatchObject({ state: 'registered', keyArea: 'illegal_business', category: 'street_occupation', categoryName: '占道经营' });
    expect(registered.history!.map((h) => h.action)).toEqual(['report', 'reclassify', 'register']);
    const entry = registered.history!.find((h) => h.action === 'reclassify')!;
    expect(entry.note).toContain('其它/暴露垃圾 → 非法经营/占道经营');
    expect(entry.note).toContain('实为占道经营');

    const after = await keyAreas();
    expect((after.illegal_business ?? 0) - (before.illegal_business ?? 0)).toBe(1);
    expect((after.other ?? 0) - (before.other ?? 0)).toBe(0);
    // The category counters move with it (the hotspot consumer follows office.incident.reclassified).
    await eventually(async () => {
      expect(await categoryFound('street_occupation')).toBe(occupationBefore + 1);
      expect(await categoryFound('exposed_rubbish')).toBe(rubbishBefore - 1);
    });
  });

  it('corrects them later with a reason, moving every counter the incident has (registered, closed …)', async () => {
    const i = await report({ category: 'greenery_upkeep' });
    await desk.act(i.id, 'register', 'commander');
    await desk.act(i.id, 'close', 'commander', { closureType: 'not_responsible', responsibleParty: '物业公司', note: '物业负责' });
    const before = await keyAreas();

    expect(await svc().invalidField(ReclassifyIncident, { incidentId: i.id, keyArea: 'petitions_stability', category: 'property_management_dispute' }, 'commander')).toBe('reason');
    expect(statusOf(await svc().refusal(ReclassifyIncident, { incidentId: i.id, keyArea: 'petitions_stability', category: 'property_management_dispute', reason: '改类' }, DESK_ACTORS.worker))).toBe(403);
    const res = await reclassify(i.id, 'commander', { keyArea: 'petitions_stability', category: 'property_management_dispute', reason: '回访核实为物业纠纷' }, `reclassify-${i.id}`);
    expect(res).toMatchObject({ state: 'closed', keyArea: 'petitions_stability', category: 'property_management_dispute' });
    expect(res.history!.at(-1)).toMatchObject({ action: 'reclassify', byRole: 'street_commander' });
    expect(res.history!.at(-1)!.note).toContain('回访核实为物业纠纷');

    const after = await keyAreas();
    expect((after.petitions_stability ?? 0) - (before.petitions_stability ?? 0)).toBe(1);
    expect((after.other ?? 0) - (before.other ?? 0)).toBe(-1);
    // Every daily counter (registered, closed, misregistered …) equals a recount from the rows, and every roll-up its days.
    const office = svc().ds;
    const stats = new StatsRepository(office);
    const drift = await office.query(`(SELECT * FROM office.stats_daily EXCEPT SELECT * FROM (${stats.recountSql()}) r) UNION ALL (SELECT * FROM (${stats.recountSql()}) r EXCEPT SELECT * FROM office.stats_daily)`);
    expect(drift.filter((r: Record<string, number>) => Object.entries(r).some(([k, v]) => typeof v === 'number' && v !== 0 && !['day', 'grid_path', 'key_area'].includes(k)))).toEqual([]);
    expect(await stats.rollupDrift()).toEqual([]);
  });

  it('refuses to classify a follower on its own, and keeps keyArea/category for register and reclassify', async () => {
    const i = await report({ category: 'broken_streetlight' });
    await desk.act(i.id, 'register', 'commander');
    const misplaced = await desk.refused(i.id, 'dispatch', 'commander', { unit: 'social', category: 'muck' });
    expect([statusOf(misplaced), fieldOf(misplaced)]).toEqual([400, 'category']);
    const first = await report({ category: 'blocked_rubbish_chute' });
    const again = await report({ category: 'blocked_rubbish_chute' });
    expect(again).toMatchObject({ state: 'duplicate', duplicateOfId: first.id });
    const follower = await svc().refusal(ReclassifyIncident, { incidentId: again.id, category: 'muck', keyArea: 'other', reason: '渣土' }, 'commander');
    expect([follower.code, statusOf(follower)]).toEqual(['ILLEGAL_TRANSITION', 409]);
  });

  it('suggests the unit and the departments of the district from the dispatch rules, and lets the centre edit them', async () => {
    const i = await report({ keyArea: 'illegal_business', category: 'mobile_vendor' });
    const suggestion = await svc().call(SuggestDispatch, { incidentId: i.id }, 'commander');
    expect(suggestion).toMatchObject({
      incidentId: i.id,
      category: 'mobile_vendor',
      unit: 'enforcement',
      unitLabel: { zh: '综合执法队' },
      departments: [{ code: 'urban_management', id: scope.liaison.departmentId, name: '城管局' }],
      origin: 'default',
    });
    // Not always the enforcement team: a dispute goes to the petitions group, a broken streetlight to the social team.
    const rules = await svc().call(ListDispatchRules, {}, DESK_ACTORS.worker);
    const rule = (c: string) => rules.items.find((r) => r.category === c);
    expect(rule('neighbour_dispute')).toMatchObject({ unit: 'petitions', departmentCodes: ['justice'] });
    expect(rule('broken_streetlight')).toMatchObject({ unit: 'social', unitLabel: { zh: '社会服务队' } });
    expect(rules.items.every((r) => r.unit !== undefined)).toBe(true);

    expect(statusOf(await svc().refusal(SetDispatchRule, { category: 'mobile_vendor', unit: 'social', departmentCodes: [] }, DESK_ACTORS.worker))).toBe(403);
    expect(await svc().invalidField(SetDispatchRule, { category: 'mobile_vendor', unit: 'police', departmentCodes: [] }, 'commander')).toBe('unit');
    expect(statusOf(await svc().refusal(SetDispatchRule, { category: 'no_such_category', departmentCodes: [] }, 'commander'))).toBe(422);
    const edited = await svc().call(SetDispatchRule, { category: 'mobile_vendor', unit: 'enforcement', departmentCodes: ['market_regulation', 'urban_management'] }, 'commander', { idempotencyKey: 'rule-mobile-vendor' });
    expect(edited).toMatchObject({ origin: 'edited', departmentCodes: ['market_regulation', 'urban_management'] });
    expect(edited.updatedBy).toBeTruthy();
    const now = await svc().call(SuggestDispatch, { incidentId: i.id }, 'commander');
    expect(now.departments.map((d) => [d.code, !!d.id])).toEqual([
      ['market_regulation', true],
      ['urban_management', true],
    ]);
    // The suggestion is what the desk sends: dispatched with it, the case is the team's and the bureau's.
    await desk.act(i.id, 'register', 'commander');
    const dispatched = await desk.act(i.id, 'dispatch', 'commander', { unit: now.unit!, departmentId: now.departments[1].id! });
    expect(dispatched).toMatchObject({ state: 'dispatched', unit: 'enforcement', departmentId: scope.liaison.departmentId });
  });
});

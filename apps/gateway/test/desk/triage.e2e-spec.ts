import { eventually } from '@grid122/testing';
import { DataSource } from 'typeorm';
import { StatsRepository } from '../../../office/src/stats/stats.repository';
import { Desk, scope, startDesk } from './desk-support';

/**
 * 筛选分类 and 派遣建议 (issue 23, item 1), through the gateway with the demo street's accounts: the
 * centre corrects key area and category at registration and later (with a reason), in the history
 * and in every counter; the category suggests the unit and the departments from an editable table.
 */
describe('desk: triage at registration and dispatch rules', () => {
  let desk: Desk;
  let office: DataSource;
  let n = 0;
  const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const report = (over: Record<string, unknown> = {}) => {
    n += 1;
    // Each test reports its own categories at the worker's grid, so none links to another as "me too".
    return desk.report('worker', {
      source: 'grid_patrol',
      title: `路口有人摆摊 ${n}`,
      keyArea: 'other',
      category: 'exposed_rubbish',
      location: desk.pointIn(scope.gridWorker.path),
      ...over,
    });
  };
  const keyAreas = async () => {
    const res = await desk.suite.http().get(`/api/v1/stats/key-areas?from=${today()}&to=${today()}`).set(await desk.login('commander')).expect(200);
    return Object.fromEntries(res.body.rows.map((r: { keyArea: string; found: number }) => [r.keyArea, r.found])) as Record<string, number>;
  };
  const categoryFound = async (category: string) =>
    (await office.query(`SELECT coalesce(sum(found), 0)::int AS n FROM office.category_daily WHERE category = $1`, [category]))[0].n as number;

  beforeAll(async () => {
    desk = await startDesk();
    office = await desk.suite.dataSource('office');
  }, 240_000);
  afterAll(() => desk?.suite.stop());

  it('corrects key area and category at registration: history and counters follow', async () => {
    const before = await keyAreas();
    const i = await report();
    await eventually(async () => expect(await categoryFound('exposed_rubbish')).toBeGreaterThan(0));
    const rubbishBefore = await categoryFound('exposed_rubbish');
    const occupationBefore = await categoryFound('street_occupation');

    // A category of another key area is refused, and nothing is registered.
    const wrong = await desk.act(i.id, 'register', 'commander', { keyArea: 'illegal_business', category: 'exposed_rubbish' }, 422);
    expect(wrong).toMatchObject({ code: 'OFFICE_CATEGORY_INVALID', details: { field: 'category' } });
    // Only the commander registers (and so classifies).
    await desk.act(i.id, 'register', 'worker', { category: 'street_occupation' }, 403);
    expect((await desk.suite.http().get(`/api/v1/incidents/${i.id}`).set(await desk.login('commander')).expect(200)).body).toMatchObject({ state: 'reported', category: 'exposed_rubbish' });

    const registered = await desk.act(i.id, 'register', 'commander', { keyArea: 'illegal_business', category: 'street_occupation', note: '实为占道经营' });
    expect(registered).toMatchObject({ state: 'registered', keyArea: 'illegal_business', category: 'street_occupation', categoryName: '占道经营' });
    const actions = registered.history.map((h: { action: string }) => h.action);
    expect(actions).toEqual(['report', 'reclassify', 'register']);
    const entry = registered.history.find((h: { action: string }) => h.action === 'reclassify');
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

    const noReason = await desk.suite.http().post(`/api/v1/incidents/${i.id}/reclassify`).set(await desk.login('commander')).send({ keyArea: 'petitions_stability', category: 'property_management_dispute' }).expect(400);
    expect(noReason.body.details.fields.map((f: { field: string }) => f.field)).toContain('reason');
    await desk.suite.http().post(`/api/v1/incidents/${i.id}/reclassify`).set(await desk.login('worker')).send({ keyArea: 'petitions_stability', category: 'property_management_dispute', reason: '改类' }).expect(403);
    const res = await desk.suite
      .http()
      .post(`/api/v1/incidents/${i.id}/reclassify`)
      .set(await desk.login('commander'))
      .set('idempotency-key', `reclassify-${i.id}`)
      .send({ keyArea: 'petitions_stability', category: 'property_management_dispute', reason: '回访核实为物业纠纷' })
      .expect(200);
    expect(res.body).toMatchObject({ state: 'closed', keyArea: 'petitions_stability', category: 'property_management_dispute' });
    expect(res.body.history.at(-1)).toMatchObject({ action: 'reclassify', byRole: 'street_commander' });
    expect(res.body.history.at(-1).note).toContain('回访核实为物业纠纷');

    const after = await keyAreas();
    expect((after.petitions_stability ?? 0) - (before.petitions_stability ?? 0)).toBe(1);
    expect((after.other ?? 0) - (before.other ?? 0)).toBe(-1);
    // Every daily counter (registered, closed, misregistered …) equals a recount from the rows, and every roll-up its days.
    const stats = new StatsRepository(office);
    const drift = await office.query(`(SELECT * FROM office.stats_daily EXCEPT SELECT * FROM (${stats.recountSql()}) r) UNION ALL (SELECT * FROM (${stats.recountSql()}) r EXCEPT SELECT * FROM office.stats_daily)`);
    expect(drift.filter((r: Record<string, number>) => Object.entries(r).some(([k, v]) => typeof v === 'number' && v !== 0 && !['day', 'grid_path', 'key_area'].includes(k)))).toEqual([]);
    expect(await stats.rollupDrift()).toEqual([]);
  });

  it('refuses to classify a follower on its own, and keeps keyArea/category for register and reclassify', async () => {
    const i = await report({ category: 'broken_streetlight' });
    await desk.act(i.id, 'register', 'commander');
    const misplaced = await desk.act(i.id, 'dispatch', 'commander', { unit: 'social', category: 'muck' }, 400);
    expect(misplaced.details.fields[0].field).toBe('category');
    const first = await report({ category: 'blocked_rubbish_chute' });
    const again = await report({ category: 'blocked_rubbish_chute' });
    expect(again).toMatchObject({ state: 'duplicate', duplicateOfId: first.id });
    const res = await desk.suite.http().post(`/api/v1/incidents/${again.id}/reclassify`).set(await desk.login('commander')).send({ category: 'muck', keyArea: 'other', reason: '渣土' }).expect(409);
    expect(res.body.code).toBe('ILLEGAL_TRANSITION');
  });

  it('suggests the unit and the departments of the district from the dispatch rules, and lets the centre edit them', async () => {
    const i = await report({ keyArea: 'illegal_business', category: 'mobile_vendor' });
    const suggestion = await desk.suite.http().get(`/api/v1/incidents/${i.id}/dispatch-suggestion`).set(await desk.login('commander')).expect(200);
    expect(suggestion.body).toMatchObject({
      incidentId: i.id,
      category: 'mobile_vendor',
      unit: 'enforcement',
      unitLabel: { zh: '综合执法队' },
      departments: [{ code: 'urban_management', id: scope.liaison.departmentId, name: '城管局' }],
      origin: 'default',
    });
    // Not always the enforcement team: a dispute goes to the petitions group, a broken streetlight to the social team.
    const rules = await desk.suite.http().get('/api/v1/dispatch-rules').set(await desk.login('worker')).expect(200);
    const rule = (c: string) => rules.body.items.find((r: { category: string }) => r.category === c);
    expect(rule('neighbour_dispute')).toMatchObject({ unit: 'petitions', departmentCodes: ['justice'] });
    expect(rule('broken_streetlight')).toMatchObject({ unit: 'social', unitLabel: { zh: '社会服务队' } });
    expect(rules.body.items.every((r: { unit: string | null }) => r.unit !== undefined)).toBe(true);

    await desk.suite.http().put('/api/v1/dispatch-rules/mobile_vendor').set(await desk.login('worker')).send({ unit: 'social', departmentCodes: [] }).expect(403);
    const bad = await desk.suite.http().put('/api/v1/dispatch-rules/mobile_vendor').set(await desk.login('commander')).send({ unit: 'police', departmentCodes: [] }).expect(400);
    expect(bad.body.details.fields[0].field).toBe('unit');
    await desk.suite.http().put('/api/v1/dispatch-rules/no_such_category').set(await desk.login('commander')).send({ departmentCodes: [] }).expect(422);
    const edited = await desk.suite
      .http()
      .put('/api/v1/dispatch-rules/mobile_vendor')
      .set(await desk.login('commander'))
      .set('idempotency-key', 'rule-mobile-vendor')
      .send({ unit: 'enforcement', departmentCodes: ['market_regulation', 'urban_management'] })
      .expect(200);
    expect(edited.body).toMatchObject({ origin: 'edited', departmentCodes: ['market_regulation', 'urban_management'] });
    expect(edited.body.updatedBy).toBeTruthy();
    const now = await desk.suite.http().get(`/api/v1/incidents/${i.id}/dispatch-suggestion`).set(await desk.login('commander')).expect(200);
    expect(now.body.departments.map((d: { code: string; id: string | null }) => [d.code, !!d.id])).toEqual([
      ['market_regulation', true],
      ['urban_management', true],
    ]);
    // The suggestion is what the desk sends: dispatched with it, the case is the team's and the bureau's.
    const dispatched = await desk.act(i.id, 'register', 'commander').then(() =>
      desk.act(i.id, 'dispatch', 'commander', { unit: now.body.unit, departmentId: now.body.departments[1].id }),
    );
    expect(dispatched).toMatchObject({ state: 'dispatched', unit: 'enforcement', departmentId: scope.liaison.departmentId });
  });
});

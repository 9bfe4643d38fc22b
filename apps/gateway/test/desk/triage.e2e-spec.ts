import { Desk, scope, startDesk } from './desk-support';

/**
 * The triage routes (筛选分类 and 派遣建议, issue 23 item 1) through the gateway with the demo
 * street's accounts, against the real office and registry: classification in the register action's
 * body, the reclassify route (edge role, 400 naming reason, the Idempotency-Key header, 409), the
 * dispatch suggestion with the registry's departments, the dispatch-rules table with the category
 * from the path. The office's rules (history, every counter moved, the suggestion's origin) are
 * tested in its folder: apps/office/test/desk/triage.ts.
 */
describe('desk: triage routes', () => {
  let desk: Desk;
  let n = 0;
  const report = (over: Record<string, unknown> = {}) => {
    n += 1;
    return desk.report('worker', { source: 'grid_patrol', title: `路口有人摆摊 ${n}`, keyArea: 'other', category: 'exposed_rubbish', location: desk.pointIn(scope.gridWorker.path), ...over });
  };
  const http = () => desk.suite.http();

  beforeAll(async () => {
    desk = await startDesk();
  }, 240_000);
  afterAll(() => desk?.suite.stop());

  it('classifies at registration and later at its route, suggests with the registry’s departments, edits the table', async () => {
    const i = await report({ keyArea: 'illegal_business', category: 'mobile_vendor' });
    const wrong = await desk.act(i.id, 'register', 'commander', { keyArea: 'illegal_business', category: 'exposed_rubbish' }, 422);
    expect(wrong).toMatchObject({ code: 'OFFICE_CATEGORY_INVALID', details: { field: 'category' } });
    await desk.act(i.id, 'register', 'worker', { category: 'street_occupation' }, 403);

    // The suggestion: the office's rule, the departments the real registry knows in the district.
    await http().get(`/api/v1/incidents/${i.id}/dispatch-suggestion`).set(await desk.login('worker')).expect(403);
    const suggestion = await http().get(`/api/v1/incidents/${i.id}/dispatch-suggestion`).set(await desk.login('commander')).expect(200);
    expect(suggestion.body).toMatchObject({ incidentId: i.id, unit: 'enforcement', departments: [{ code: 'urban_management', id: scope.liaison.departmentId, name: '城管局' }] });
    await http().get('/api/v1/incidents/not-a-uuid/dispatch-suggestion').set(await desk.login('commander')).expect(400);

    const registered = await desk.act(i.id, 'register', 'commander', { keyArea: 'illegal_business', category: 'street_occupation', note: '实为占道经营' });
    expect(registered).toMatchObject({ state: 'registered', category: 'street_occupation', categoryName: '占道经营' });

    const body = { keyArea: 'petitions_stability', category: 'property_management_dispute', reason: '回访核实为物业纠纷' };
    const noReason = await http().post(`/api/v1/incidents/${i.id}/reclassify`).set(await desk.login('commander')).send({ ...body, reason: undefined }).expect(400);
    expect(noReason.body.details.fields.map((f: { field: string }) => f.field)).toContain('reason');
    await http().post(`/api/v1/incidents/${i.id}/reclassify`).set(await desk.login('worker')).send(body).expect(403);
    const res = await http().post(`/api/v1/incidents/${i.id}/reclassify`).set(await desk.login('commander')).set('idempotency-key', `reclassify-${i.id}`).send(body).expect(200);
    expect(res.body).toMatchObject({ state: 'registered', keyArea: 'petitions_stability', category: 'property_management_dispute' });
    const replay = await http().post(`/api/v1/incidents/${i.id}/reclassify`).set(await desk.login('commander')).set('idempotency-key', `reclassify-${i.id}`).send(body).expect(200);
    expect(replay.body.history.filter((h: { action: string }) => h.action === 'reclassify')).toHaveLength(res.body.history.filter((h: { action: string }) => h.action === 'reclassify').length);
    const first = await report({ category: 'blocked_rubbish_chute' });
    const again = await report({ category: 'blocked_rubbish_chute' });
    expect(again).toMatchObject({ state: 'duplicate', duplicateOfId: first.id });
    const follower = await http().post(`/api/v1/incidents/${again.id}/reclassify`).set(await desk.login('commander')).send({ category: 'muck', keyArea: 'other', reason: '渣土' }).expect(409);
    expect(follower.body.code).toBe('ILLEGAL_TRANSITION');

    // The table: everyone with work reads it; the centre edits a category named in the path.
    const rules = await http().get('/api/v1/dispatch-rules').set(await desk.login('worker')).expect(200);
    expect(rules.body.items.find((r: { category: string }) => r.category === 'neighbour_dispute')).toMatchObject({ unit: 'petitions' });
    await http().put('/api/v1/dispatch-rules/mobile_vendor').set(await desk.login('worker')).send({ unit: 'social', departmentCodes: [] }).expect(403);
    const bad = await http().put('/api/v1/dispatch-rules/mobile_vendor').set(await desk.login('commander')).send({ unit: 'police', departmentCodes: [] }).expect(400);
    expect(bad.body.details.fields[0].field).toBe('unit');
    await http().put('/api/v1/dispatch-rules/no_such_category').set(await desk.login('commander')).send({ departmentCodes: [] }).expect(422);
    const edited = await http().put('/api/v1/dispatch-rules/mobile_vendor').set(await desk.login('commander')).send({ unit: 'enforcement', departmentCodes: ['market_regulation', 'urban_management'] }).expect(200);
    expect(edited.body).toMatchObject({ category: 'mobile_vendor', origin: 'edited', departmentCodes: ['market_regulation', 'urban_management'] });
  });
});

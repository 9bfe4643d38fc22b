import { demoStreet } from '@grid122/demo-street';
import { DataSource } from 'typeorm';
import { Desk, scope, startDesk } from './desk-support';

/**
 * Urging (催办, issue 23 item 4) through the gateway with the demo street's accounts, against the
 * real office: the centre urges the responsible unit, which sees it in its queue and acknowledges;
 * the 督办 sweep urges an overdue case itself, and an urging nobody acknowledges by its due rises to
 * the commander, then to the district.
 */
const CLUSTERS = demoStreet().grids.filter((g) => g.level === 'building_cluster' && g.path.startsWith(`${scope.streetPath}.`));

describe('desk: urging (督办催办)', () => {
  let desk: Desk;
  let office: DataSource;
  let n = 0;
  const report = async (extra: Record<string, unknown> = {}) => {
    n += 1;
    return desk.report('commander', { source: 'hotline_12345', title: `占道经营 催办 ${n}`, keyArea: 'other', category: 'exposed_rubbish', location: desk.pointIn(CLUSTERS[n * 9 + 2].path), ...extra });
  };
  const get = async (id: string, who = 'commander') => (await desk.suite.http().get(`/api/v1/incidents/${id}`).set(await desk.login(who)).expect(200)).body;
  const post = async (path: string, who: string, body: Record<string, unknown>, status: number) => {
    const res = await desk.suite.http().post(path).set(await desk.login(who)).set('idempotency-key', `urge-${Math.random()}`).send(body);
    expect({ status: res.status, body: res.body }).toMatchObject({ status });
    return res.body;
  };
  const queue = async (who: string) => (await desk.suite.http().get('/api/v1/queue').query({ limit: 100 }).set(await desk.login(who)).expect(200)).body.items;
  const sweep = async () => (await desk.suite.http().post('/api/v1/supervision/sweep').set(await desk.login('commander')).expect(200)).body;
  const events = async (id: string) =>
    (await office.query(`SELECT type FROM office.outbox WHERE event->'data'->>'incidentId' = $1 AND type LIKE 'office.incident.urg%' ORDER BY created_at`, [id])).map((r: { type: string }) => r.type);

  beforeAll(async () => {
    desk = await startDesk();
    office = await desk.suite.dataSource('office');
  }, 240_000);
  afterAll(() => desk?.suite.stop());

  it('the centre urges the unit; the unit sees it in its queue and acknowledges it', async () => {
    const i = await report();
    await desk.act(i.id, 'register', 'commander');
    // Nobody to urge before dispatch.
    await post(`/api/v1/incidents/${i.id}/urge`, 'commander', {}, 409);
    await desk.act(i.id, 'dispatch', 'commander', { unit: 'enforcement' });
    await post(`/api/v1/incidents/${i.id}/urge`, 'enforcement', {}, 403);
    await post(`/api/v1/incidents/${i.id}/urge`, 'commander', { note: 'x'.repeat(2001) }, 400);

    const urged = await post(`/api/v1/incidents/${i.id}/urge`, 'commander', { note: '群众多次来电，请尽快处置' }, 200);
    expect(urged.urgings).toHaveLength(1);
    const [u] = urged.urgings;
    expect(u).toMatchObject({ unit: 'enforcement', level: 'unit', acknowledgedAt: null, note: '群众多次来电，请尽快处置' });
    expect(new Date(u.due).getTime()).toBeGreaterThan(new Date(u.sentAt).getTime());
    expect(urged.history.at(-1)).toMatchObject({ action: 'urge' });
    expect(urged.history.at(-1).note).toMatch(/^催办：请enforcement于 .* 前签收；群众多次来电，请尽快处置$/);

    // The unit's queue: the case waits for the urging's acknowledgement first.
    const item = (await queue('enforcement')).find((x: { id: string }) => x.id === i.id);
    expect(item.waitingFor).toMatchObject({ action: 'acknowledge', label: { zh: '待签收催办' }, part: 'lead' });

    // Another unit does not even see the case; the centre does not acknowledge; the urged unit does, once.
    await post(`/api/v1/incidents/${i.id}/urgings/${u.id}/acknowledge`, 'social', {}, 404);
    await post(`/api/v1/incidents/${i.id}/urgings/${u.id}/acknowledge`, 'commander', {}, 403);
    const acked = await post(`/api/v1/incidents/${i.id}/urgings/${u.id}/acknowledge`, 'enforcement', { note: '已安排队员今日处置' }, 200);
    expect(acked.urgings[0]).toMatchObject({ id: u.id, acknowledgedBy: expect.any(String) });
    expect(acked.urgings[0].acknowledgedAt).not.toBeNull();
    expect(acked.history.at(-1)).toMatchObject({ action: 'urge_acknowledge', note: '催办已签收（责任单位级）：已安排队员今日处置' });
    await post(`/api/v1/incidents/${i.id}/urgings/${u.id}/acknowledge`, 'enforcement', {}, 409);
    expect((await queue('enforcement')).find((x: { id: string }) => x.id === i.id).waitingFor.action).toBe('accept');
    expect(await events(i.id)).toEqual(['office.incident.urged', 'office.incident.urging_acknowledged']);
  });

  it('the 督办 sweep urges an overdue case; unacknowledged, the urging rises to the commander, then the district', async () => {
    const i = await report();
    await desk.act(i.id, 'register', 'commander');
    await desk.act(i.id, 'dispatch', 'commander', { unit: 'enforcement' });
    // The disposal limit has run out (the clock advanced past the stored deadline).
    await office.query(`UPDATE office.incidents SET deadline = now() - interval '1 hour', yellow_at = now() - interval '2 hours' WHERE id = $1`, [i.id]);
    expect((await sweep()).incidentIds).toContain(i.id);
    let view = await get(i.id);
    expect(view.urgings).toHaveLength(1);
    expect(view.urgings[0]).toMatchObject({ unit: 'enforcement', level: 'unit', sentBy: '督办 supervision', note: '超期督办' });
    const id = view.urgings[0].id;

    // Not yet due: the next sweep leaves it.
    await sweep();
    expect((await get(i.id)).urgings[0].level).toBe('unit');

    // The clock moves past its due: it rises to the commander, then to the district.
    const pastDue = () => office.query(`UPDATE office.urgings SET due = now() - interval '1 minute' WHERE id = $1`, [id]);
    await pastDue();
    expect((await sweep()).raised).toBeGreaterThanOrEqual(1);
    view = await get(i.id);
    expect(view.urgings[0]).toMatchObject({ id, level: 'commander', acknowledgedAt: null });
    expect(view.urgings[0].due).not.toBeNull();
    expect(view.history.at(-1)).toMatchObject({ action: 'urge_raise', note: '催办逾期未签收，升级至指挥长（enforcement）' });

    await pastDue();
    await sweep();
    view = await get(i.id);
    expect(view.urgings[0]).toMatchObject({ id, level: 'district', due: null });
    expect(view.history.at(-1)).toMatchObject({ action: 'urge_raise', note: '催办逾期未签收，升级至区级（enforcement）' });
    await sweep();
    expect((await get(i.id)).history.filter((h: { action: string }) => h.action === 'urge_raise')).toHaveLength(2);
    expect(await events(i.id)).toEqual(['office.incident.urged', 'office.incident.urging_raised', 'office.incident.urging_raised']);

    // Still in the unit's queue until it acknowledges.
    expect((await queue('enforcement')).find((x: { id: string }) => x.id === i.id).waitingFor.action).toBe('acknowledge');
    await post(`/api/v1/incidents/${i.id}/urgings/${id}/acknowledge`, 'enforcement', {}, 200);
  });
});

import { AcknowledgeUrging, ERROR_HTTP_STATUS, GetIncident, MyQueue, ReportIncident, SuperviseSweep, TransitionIncident, UrgeIncident } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { serviceUnderTest, TEST_STREET as STREET, TestActorName } from '@grid122/testing';
import { AppModule } from '../src/app.module';
import { dataSourceOptions } from '../src/database/data-source';

jest.setTimeout(120_000);

/** The HTTP status a refusal's code stands for. */
const statusOf = (e: AppError) => ERROR_HTTP_STATUS[e.code as keyof typeof ERROR_HTTP_STATUS];

/**
 * Urging (催办, issue 23 item 4) through the office's contracts: the centre urges the responsible
 * unit, which sees it in its queue and acknowledges; the 督办 sweep urges an overdue case itself, and
 * an urging nobody acknowledges by its due rises to the commander, then to the district. The routes
 * (edge roles, path parameters, 400 naming the field) are the gateway's desk/urging spec.
 */
describe('office: urging (督办催办)', () => {
  const svc = serviceUnderTest({ app: 'office', module: () => AppModule.forRoot(), dataSource: dataSourceOptions, env: { OFFICE_SWEEP_INTERVAL_MS: '0' } });
  let n = 0;
  const report = () => {
    n += 1;
    return svc().call(ReportIncident, { source: 'hotline_12345', title: `占道经营 催办 ${n}`, keyArea: 'other', category: 'exposed_rubbish', gridPath: `${STREET}.c01.g2_01.g3_0${n}`, location: { lng: 118.7 + n * 0.002, lat: 32.1 } }, 'commander');
  };
  const act = (incidentId: string, action: string, b: Record<string, string> = {}) => svc().call(TransitionIncident, { incidentId, action, ...b }, 'commander');
  const get = (id: string) => svc().call(GetIncident, { id }, 'commander');
  const queue = async (who: TestActorName) => (await svc().call(MyQueue, { limit: 100 }, who)).items;
  const sweep = () => svc().call(SuperviseSweep, {}, 'commander');
  const events = async (id: string) =>
    (await svc().ds.query(`SELECT type FROM office.outbox WHERE event->'data'->>'incidentId' = $1 AND type LIKE 'office.incident.urg%' ORDER BY created_at`, [id])).map((r: { type: string }) => r.type);

  it('the centre urges the unit; the unit sees it in its queue and acknowledges it', async () => {
    const i = await report();
    await act(i.id, 'register');
    // Nobody to urge before dispatch.
    expect(statusOf(await svc().refusal(UrgeIncident, { incidentId: i.id }, 'commander'))).toBe(409);
    await act(i.id, 'dispatch', { unit: 'enforcement' });
    expect(statusOf(await svc().refusal(UrgeIncident, { incidentId: i.id }, 'enforcement'))).toBe(403);
    expect(await svc().invalidField(UrgeIncident, { incidentId: i.id, note: 'x'.repeat(2001) }, 'commander')).toBe('note');

    const urged = await svc().call(UrgeIncident, { incidentId: i.id, note: '群众多次来电，请尽快处置' }, 'commander');
    expect(urged.urgings).toHaveLength(1);
    const [u] = urged.urgings!;
    expect(u).toMatchObject({ unit: 'enforcement', level: 'unit', acknowledgedAt: null, note: '群众多次来电，请尽快处置' });
    expect(new Date(u.due!).getTime()).toBeGreaterThan(new Date(u.sentAt).getTime());
    expect(urged.history!.at(-1)).toMatchObject({ action: 'urge' });
    expect(urged.history!.at(-1)!.note).toMatch(/^催办：请enforcement于 .* 前签收；群众多次来电，请尽快处置$/);

    // The unit's queue: the case waits for the urging's acknowledgement first.
    const item = (await queue('enforcement')).find((x) => x.id === i.id);
    expect(item?.waitingFor).toMatchObject({ action: 'acknowledge', label: { zh: '待签收催办' }, part: 'lead' });

    // Another unit does not even see the case; the centre does not acknowledge; the urged unit does, once.
    expect(statusOf(await svc().refusal(AcknowledgeUrging, { incidentId: i.id, urgingId: u.id }, 'social'))).toBe(404);
    expect(statusOf(await svc().refusal(AcknowledgeUrging, { incidentId: i.id, urgingId: u.id }, 'commander'))).toBe(403);
    const acked = await svc().call(AcknowledgeUrging, { incidentId: i.id, urgingId: u.id, note: '已安排队员今日处置' }, 'enforcement');
    expect(acked.urgings![0]).toMatchObject({ id: u.id, acknowledgedBy: expect.any(String) });
    expect(acked.urgings![0].acknowledgedAt).not.toBeNull();
    expect(acked.history!.at(-1)).toMatchObject({ action: 'urge_acknowledge', note: '催办已签收（责任单位级）：已安排队员今日处置' });
    expect(statusOf(await svc().refusal(AcknowledgeUrging, { incidentId: i.id, urgingId: u.id }, 'enforcement'))).toBe(409);
    expect((await queue('enforcement')).find((x) => x.id === i.id)?.waitingFor?.action).toBe('accept');
    expect(await events(i.id)).toEqual(['office.incident.urged', 'office.incident.urging_acknowledged']);
  });

  it('the 督办 sweep urges an overdue case; unacknowledged, the urging rises to the commander, then the district', async () => {
    const i = await report();
    await act(i.id, 'register');
    await act(i.id, 'dispatch', { unit: 'enforcement' });
    // The disposal limit has run out (the clock advanced past the stored deadline).
    await svc().ds.query(`UPDATE office.incidents SET deadline = now() - interval '1 hour', yellow_at = now() - interval '2 hours' WHERE id = $1`, [i.id]);
    expect((await sweep()).incidentIds).toContain(i.id);
    let view = await get(i.id);
    expect(view.urgings).toHaveLength(1);
    expect(view.urgings![0]).toMatchObject({ unit: 'enforcement', level: 'unit', sentBy: '督办 supervision', note: '超期督办' });
    const id = view.urgings![0].id;

    // Not yet due: the next sweep leaves it.
    await sweep();
    expect((await get(i.id)).urgings![0].level).toBe('unit');

    // The clock moves past its due: it rises to the commander, then to the district.
    const pastDue = () => svc().ds.query(`UPDATE office.urgings SET due = now() - interval '1 minute' WHERE id = $1`, [id]);
    await pastDue();
    expect((await sweep()).raised).toBeGreaterThanOrEqual(1);
    view = await get(i.id);
    expect(view.urgings![0]).toMatchObject({ id, level: 'commander', acknowledgedAt: null });
    expect(view.urgings![0].due).not.toBeNull();
    expect(view.history!.at(-1)).toMatchObject({ action: 'urge_raise', note: '催办逾期未签收，升级至指挥长（enforcement）' });

    await pastDue();
    await sweep();
    view = await get(i.id);
    expect(view.urgings![0]).toMatchObject({ id, level: 'district', due: null });
    expect(view.history!.at(-1)).toMatchObject({ action: 'urge_raise', note: '催办逾期未签收，升级至区级（enforcement）' });
    await sweep();
    expect((await get(i.id)).history!.filter((h) => h.action === 'urge_raise')).toHaveLength(2);
    expect(await events(i.id)).toEqual(['office.incident.urged', 'office.incident.urging_raised', 'office.incident.urging_raised']);

    // Still in the unit's queue until it acknowledges.
    expect((await queue('enforcement')).find((x) => x.id === i.id)?.waitingFor?.action).toBe('acknowledge');
    await svc().call(AcknowledgeUrging, { incidentId: i.id, urgingId: id }, 'enforcement');
  });
});

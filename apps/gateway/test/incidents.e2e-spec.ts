import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { JSONCodec, NatsConnection } from 'nats';
import { eventually } from '@grid122/testing';
import { StatsRepository } from '../../office/src/stats/stats.repository';
import { OTHER_STREET, startSuite, STREET, Suite } from './support/suite';

/**
 * The office (一办) through the gateway: intake, every transition, the clock, idempotency, "me too",
 * diaries, scope, the units' case events and supervision. The grid registry is not started here, so
 * intake falls back to the caller's grid (and a stub answers registry.grid.locate where said).
 */
const GRID = `${STREET}.c01.g2_01.g3_01`;
const GRID_ID = '11111111-1111-4111-8111-111111111111';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

describe('office: incidents through the gateway', () => {
  let suite: Suite;
  let nc: NatsConnection;
  let n = 0;
  const auth = async (who: string) => ({ authorization: `Bearer ${await suite.token(who)}` });

  /** A report with its own spot (≈ 100 m from any other), so tests do not link as duplicates. */
  const body = (over: Record<string, unknown> = {}) => {
    n += 1;
    return {
      source: 'grid_patrol',
      title: `暴露垃圾 ${n}`,
      description: '5号楼门口垃圾堆放',
      keyArea: 'other',
      category: 'exposed_rubbish',
      location: { lng: 118.7 + n * 0.002, lat: 32.1 },
      gridId: GRID_ID,
      gridPath: GRID,
      ...over,
    };
  };
  const report = async (over: Record<string, unknown> = {}, who = 'worker') => {
    const res = await suite.http().post('/api/v1/incidents').set(await auth(who)).send(body(over));
    if (res.status !== 201) throw new Error(`report: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const act = async (id: string, action: string, who: string, b: Record<string, unknown> = {}, status = 200) => {
    const res = await suite.http().post(`/api/v1/incidents/${id}/${action}`).set(await auth(who)).send(b);
    if (res.status !== status) throw new Error(`${action} by ${who}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const get = async (id: string, who = 'commander') => (await suite.http().get(`/api/v1/incidents/${id}`).set(await auth(who)).expect(200)).body;
  /** register → dispatch to the enforcement team → accept → handle. */
  const toHandled = async () => {
    const i = await report();
    await act(i.id, 'register', 'commander');
    await act(i.id, 'dispatch', 'commander', { unit: 'enforcement' });
    await act(i.id, 'accept', 'enforcement');
    await act(i.id, 'handle', 'enforcement', { result: '已清运完毕' });
    return i;
  };

  beforeAll(async () => {
    suite = await startSuite({ services: ['office'], env: { OFFICE_SWEEP_INTERVAL_MS: '0', OFFICE_MAX_PHOTOS_PER_INCIDENT: '12' } });
    nc = await suite.env.connectNats();
  });
  afterAll(async () => {
    await nc?.close();
    await suite?.stop();
  });

  it('lists categories with key area and limits', async () => {
    const res = await suite.http().get('/api/v1/categories').set(await auth('commander')).expect(200);
    const rubbish = res.body.items.find((c: { code: string }) => c.code === 'exposed_rubbish');
    expect(rubbish).toMatchObject({ keyArea: 'other', keyAreaLabel: { zh: '其它' }, limits: { registerDispatch: { value: 1, unit: 'working_hours' }, dispose: { value: 4, unit: 'working_hours' } } });
  });

  it('takes a report: 201 with code, grid, deadline, clock and a reporter phone protected', async () => {
    const res = await suite
      .http()
      .post('/api/v1/incidents')
      .set(await auth('commander'))
      .send(body({ source: 'hotline_12345', sourceRef: '12345-20261122-0042', reporter: { name: '王阿姨', phone: '13912345678' } }))
      .expect(201);
    expect(res.body).toMatchObject({ state: 'reported', gridPath: GRID, gridId: GRID_ID, source: 'hotline_12345', sourceRef: '12345-20261122-0042', keyArea: 'other' });
    expect(res.body.code).toMatch(/^BTQ-\d{8}-\d{4}$/);
    expect(res.body.deadline).toEqual(expect.any(String));
    expect(res.body.clock).toMatchObject({ phase: 'register_dispatch', limit: { value: 1, unit: 'working_hours' } });
    // masked for every role, the commander too; the commander calls back through the audited reveal
    expect(res.body.reporter).toMatchObject({ name: '王**', phone: '139****5678' });
    const ds = await suite.dataSource('office');
    const [row] = await ds.query(`SELECT reporter_phone FROM office.incidents WHERE id = $1`, [res.body.id]);
    expect(row.reporter_phone).not.toContain('13912345678');
    const district = await get(res.body.id, 'district');
    expect(district.reporter.phone).toBe('139****5678');
    const revealed = await suite.http().post(`/api/v1/incidents/${res.body.id}/reveal-phone`).set(await auth('commander')).send({ reason: '回访核实' }).expect(200);
    expect(revealed.body.reporter).toEqual({ name: '王阿姨', phone: '13912345678' });
  });

  it('refuses a category of another key area, an unknown one, and a report with no place', async () => {
    const wrong = await suite.http().post('/api/v1/incidents').set(await auth('worker')).send(body({ keyArea: 'illegal_business' })).expect(422);
    expect(wrong.body.code).toBe('OFFICE_CATEGORY_INVALID');
    const bad = await suite.http().post('/api/v1/incidents').set(await auth('worker')).send(body({ keyArea: 'other', category: 'no_such' })).expect(422);
    expect(bad.body.details.field).toBe('category');
    const badArea = await suite.http().post('/api/v1/incidents').set(await auth('worker')).send(body({ keyArea: 'weather' })).expect(400);
    expect(badArea.body.details.fields[0].field).toBe('keyArea');
    const { location: _l, ...noPlace } = body();
    const none = await suite.http().post('/api/v1/incidents').set(await auth('worker')).send(noPlace).expect(400);
    expect(none.body.details.fields[0].field).toBe('location');
  });

  it('answers 503 when the registry is down and no grid is given', async () => {
    const { gridId: _g, gridPath: _p, ...noGrid } = body();
    const res = await suite.http().post('/api/v1/incidents').set(await auth('worker')).send(noGrid).expect(503);
    expect(res.body.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('refuses a report outside the caller scope', async () => {
    const res = await suite.http().post('/api/v1/incidents').set(await auth('worker')).send(body({ gridPath: `${STREET}.c02.g2_01.g3_01` })).expect(403);
    expect(res.body.code).toBe('OFFICE_OUT_OF_SCOPE');
  });

  it('walks the whole happy path with history: register, dispatch, accept, handle, verify, close', async () => {
    const i = await toHandled();
    const verified = await act(i.id, 'verify', 'worker');
    expect(verified.state).toBe('verified');
    const closed = await act(i.id, 'close', 'commander', { closureType: 'fixed' });
    expect(closed).toMatchObject({ state: 'closed', closureType: 'fixed', resolutionLevel: 'street', leadUnit: 'enforcement', onTime: true, result: '已清运完毕' });
    const full = await get(i.id);
    expect(full.history.map((h: { action: string }) => h.action)).toEqual(['report', 'register', 'dispatch', 'accept', 'handle', 'verify', 'close']);
    expect(full.history[2]).toMatchObject({ fromState: 'registered', toState: 'dispatched', byRole: 'street_commander' });
    expect(full.history[3]).toMatchObject({ byRole: 'unit_member', byName: 'enforcement' });
    expect(full.clock.closed).toBe(true);
  });

  it('answers 409 ILLEGAL_TRANSITION naming the current state, and 403 for the wrong role or unit', async () => {
    const i = await report();
    const illegal = await suite.http().post(`/api/v1/incidents/${i.id}/dispatch`).set(await auth('commander')).send({ unit: 'social' }).expect(409);
    expect(illegal.body).toMatchObject({ code: 'ILLEGAL_TRANSITION', details: { currentState: 'reported', action: 'dispatch' } });
    expect(illegal.body.message).toContain('reported');
    await suite.http().post(`/api/v1/incidents/${i.id}/register`).set(await auth('worker')).send({}).expect(403);
    await act(i.id, 'register', 'commander');
    await act(i.id, 'dispatch', 'commander', { unit: 'social' });
    // the enforcement team cannot even see it; the social team accepts it
    await suite.http().post(`/api/v1/incidents/${i.id}/accept`).set(await auth('enforcement')).send({}).expect(404);
    await act(i.id, 'accept', 'social');
    const again = await suite.http().post(`/api/v1/incidents/${i.id}/accept`).set(await auth('social')).send({}).expect(409);
    expect(again.body.details.currentState).toBe('accepted');
    const badAction = await suite.http().post(`/api/v1/incidents/${i.id}/explode`).set(await auth('commander')).send({}).expect(400);
    expect(badAction.body.code).toBe('VALIDATION_FAILED');
  });

  it('rejects with a reason (400 naming reason without one)', async () => {
    const i = await report();
    const noReason = await suite.http().post(`/api/v1/incidents/${i.id}/reject`).set(await auth('commander')).send({}).expect(400);
    expect(noReason.body.details.fields[0].field).toBe('reason');
    const rejected = await act(i.id, 'reject', 'commander', { reason: '非本辖区问题，已告知来电人' });
    expect(rejected.state).toBe('rejected');
  });

  it('a unit returns a case with a reason, back to dispatch; a department liaison handles a joint case led by the first to accept', async () => {
    const i = await report();
    await act(i.id, 'register', 'commander');
    await act(i.id, 'dispatch', 'commander', { unit: 'petitions' });
    const returned = await act(i.id, 'return', 'petitions', { reason: '不属于信访稳定组职责' });
    expect(returned).toMatchObject({ state: 'registered', unit: null });
    await act(i.id, 'dispatch', 'commander', { unit: 'enforcement', departmentId: '7b0c4a52-6f0e-5d43-9a51-3e7c1d2b9f10' });
    const first = await act(i.id, 'accept', 'liaison');
    expect(first).toMatchObject({ state: 'accepted', leadDepartmentId: '7b0c4a52-6f0e-5d43-9a51-3e7c1d2b9f10', leadUnit: null });
    const joined = await act(i.id, 'accept', 'enforcement');
    expect(joined).toMatchObject({ state: 'accepted', leadDepartmentId: '7b0c4a52-6f0e-5d43-9a51-3e7c1d2b9f10' });
    const handled = await act(i.id, 'handle', 'liaison', { result: '联合执法已拆除' });
    expect(handled.state).toBe('handled');
  });

  it('suspend stops the clock and resume restarts it where it was', async () => {
    const i = await report();
    await act(i.id, 'register', 'commander');
    await act(i.id, 'dispatch', 'commander', { unit: 'enforcement' });
    await act(i.id, 'accept', 'enforcement');
    const suspended = await act(i.id, 'suspend', 'commander', { reason: '等待产权单位答复' });
    expect(suspended).toMatchObject({ state: 'suspended', deadline: null });
    expect(suspended.clock.paused).toBe(true);
    const ds = await suite.dataSource('office');
    // Backdate the suspension by a day: the clock must not count that day.
    await ds.query(`UPDATE office.incidents SET suspensions = jsonb_build_array(jsonb_build_object('from', (now() - interval '1 day')::text, 'to', null)), dispatched_at = now() - interval '1 day' WHERE id = $1`, [i.id]);
    const resumed = await act(i.id, 'resume', 'commander');
    expect(resumed.state).toBe('accepted');
    expect(resumed.clock.paused).toBe(false);
    expect(resumed.clock.elapsedMinutes).toBeLessThan(1);
    expect(resumed.deadline).toEqual(expect.any(String));
    const full = await get(i.id);
    expect(full.history.slice(-2).map((h: { action: string }) => h.action)).toEqual(['suspend', 'resume']);
  });

  it('extends the deadline on the commander’s approval', async () => {
    const i = await report();
    await act(i.id, 'register', 'commander');
    const d = await act(i.id, 'dispatch', 'commander', { unit: 'enforcement' });
    const ext = await act(i.id, 'extend', 'commander', { value: 2, limitUnit: 'working_days', reason: '需协调环卫所' });
    expect(ext.clock.limit).toMatchObject({ value: 4, unit: 'working_hours' });
    expect(new Date(ext.deadline).getTime()).toBeGreaterThan(new Date(d.deadline).getTime());
    await suite.http().post(`/api/v1/incidents/${i.id}/extend`).set(await auth('enforcement')).send({ value: 1, reason: 'x'.repeat(3) }).expect(403);
    const bad = await suite.http().post(`/api/v1/incidents/${i.id}/extend`).set(await auth('commander')).send({ value: 1, limitUnit: 'calendar_days', reason: '不行' }).expect(400);
    expect(bad.body.details.fields[0].field).toBe('limitUnit');
  });

  it('counts rework, and a reopen within the window as rework too', async () => {
    const i = await toHandled();
    const rework = await act(i.id, 'rework', 'worker', { reason: '垃圾未清理干净' });
    expect(rework).toMatchObject({ state: 'in_progress', reworkCount: 1, handledAt: null });
    await act(i.id, 'handle', 'enforcement', { result: '已二次清理' });
    await act(i.id, 'verify', 'worker');
    await act(i.id, 'close', 'commander', { closureType: 'fixed' });
    const reopened = await act(i.id, 'reopen', 'worker', { reason: '居民反映又堆上了' });
    expect(reopened).toMatchObject({ state: 'in_progress', reworkCount: 2, closureType: null, closedAt: null });
  });

  it('closes honestly: fixed only after verification; not_responsible names whose', async () => {
    const i = await toHandled();
    const early = await suite.http().post(`/api/v1/incidents/${i.id}/close`).set(await auth('commander')).send({ closureType: 'fixed' }).expect(409);
    expect(early.body.details.currentState).toBe('handled');
    const j = await report();
    await act(j.id, 'register', 'commander');
    const noParty = await suite.http().post(`/api/v1/incidents/${j.id}/close`).set(await auth('commander')).send({ closureType: 'not_responsible' }).expect(400);
    expect(noParty.body.details.fields[0].field).toBe('responsibleParty');
    const closed = await act(j.id, 'close', 'commander', { closureType: 'not_responsible', responsibleParty: '供电公司' });
    expect(closed).toMatchObject({ closureType: 'not_responsible', notResponsibleParty: '供电公司', resolutionLevel: null }); // a closure that solved nothing has no level (docs/metrics.md)
  });

  it('escalates to the district with what the platform needs, and closes at district level', async () => {
    const i = await report();
    await act(i.id, 'register', 'commander');
    const esc = await act(i.id, 'escalate', 'commander', { reason: '超出街道职权，需区城管局处理' });
    expect(esc.state).toBe('escalated');
    const ds = await suite.dataSource('office');
    const [out] = await ds.query(`SELECT event FROM office.outbox WHERE type = 'office.incident.escalated' AND event->'data'->>'incidentId' = $1`, [i.id]);
    expect(out.event.data).toMatchObject({ code: i.code, gridPath: GRID, state: 'escalated', fromState: 'registered', escalation: { reason: '超出街道职权，需区城管局处理' } });
    expect(out.event.data.escalation.history.map((h: { action: string }) => h.action)).toEqual(['report', 'register', 'escalate']);
    const closed = await act(i.id, 'close', 'commander', { closureType: 'fixed' });
    expect(closed.resolutionLevel).toBe('district');
  });

  it('reads the clock across a weekend and a holiday (中秋节 2026-09-25..27)', async () => {
    // Thursday 17:00 in Nanjing: 30 working minutes left that day, then Fri-Sun off, due Monday 09:00.
    const i = await report({ reportedAt: '2026-09-24T09:00:00.000Z' });
    expect(i.deadline).toBe('2026-09-28T01:00:00.000Z');
    expect(i.clock).toMatchObject({ deadline: '2026-09-28T01:00:00.000Z', overdue: true, light: 'red', scale: 'working' });
    const overdue = await suite.http().get('/api/v1/incidents?overdue=true&limit=200').set(await auth('commander')).expect(200);
    expect(overdue.body.items.map((x: { id: string }) => x.id)).toContain(i.id);
    const red = await suite.http().get('/api/v1/incidents?light=red&limit=200').set(await auth('commander')).expect(200);
    expect(red.body.items.map((x: { id: string }) => x.id)).toContain(i.id);
    const green = await suite.http().get('/api/v1/incidents?light=green&limit=200').set(await auth('commander')).expect(200);
    expect(green.body.items.map((x: { id: string }) => x.id)).not.toContain(i.id);
  });

  it('supervises an overdue incident once (督办) and lists it for the commander', async () => {
    const first = await suite.http().post('/api/v1/supervision/sweep').set(await auth('commander')).expect(200);
    expect(first.body.supervised).toBeGreaterThan(0);
    const second = await suite.http().post('/api/v1/supervision/sweep').set(await auth('commander')).expect(200);
    expect(second.body.supervised).toBe(0);
    const ds = await suite.dataSource('office');
    const id = first.body.incidentIds[0];
    const events = await ds.query(`SELECT count(*)::int AS n FROM office.outbox WHERE type = 'office.incident.supervised' AND event->'data'->>'incidentId' = $1`, [id]);
    expect(events[0].n).toBe(1);
    const full = await get(id);
    expect(full.supervisedAt).toEqual(expect.any(String));
    expect(full.history.at(-1).action).toBe('supervise');
  });

  it('is idempotent on Idempotency-Key: same body → the first result; other body → 422', async () => {
    const b = body();
    const key = `pda-${randomUUID()}`;
    const one = await suite.http().post('/api/v1/incidents').set(await auth('worker')).set('idempotency-key', key).send(b).expect(201);
    const two = await suite.http().post('/api/v1/incidents').set(await auth('worker')).set('idempotency-key', key).send(b).expect(201);
    expect(two.body).toEqual(one.body);
    const other = await suite.http().post('/api/v1/incidents').set(await auth('worker')).set('idempotency-key', key).send({ ...b, title: '另一个问题' }).expect(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const ds = await suite.dataSource('office');
    const rows = await ds.query(`SELECT count(*)::int AS n FROM office.incidents WHERE title = $1`, [b.title]);
    expect(rows[0].n).toBe(1);
  });

  it('gives concurrent intakes distinct sequential codes', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => report()));
    const codes = results.map((r) => r.code);
    expect(new Set(codes).size).toBe(8);
  });

  it('links a "me too" report to the open original and raises its priority', async () => {
    const original = await report({ category: 'missing_manhole_cover', title: '井盖缺失', location: { lng: 118.6, lat: 32.2 } });
    const metoo = await report({ category: 'missing_manhole_cover', title: '井盖没了', location: { lng: 118.6002, lat: 32.2001 } }, 'commander');
    expect(metoo).toMatchObject({ state: 'duplicate', duplicateOfId: original.id });
    const far = await report({ category: 'missing_manhole_cover', title: '另一个井盖', location: { lng: 118.61, lat: 32.2 } });
    expect(far.state).toBe('reported');
    const o = await get(original.id);
    expect(o).toMatchObject({ priority: 1, duplicateCount: 1 });
    expect(o.history.at(-1).action).toBe('duplicate_linked');
  });

  it('files a diary with three problems: three incidents in one transaction, visible to community and street', async () => {
    const res = await suite
      .http()
      .post('/api/v1/diaries')
      .set(await auth('worker'))
      .send({
        route: '1-10号楼',
        buildings: ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'],
        householdsVisited: 12,
        notes: '巡查1-10号楼，发现3个问题',
        problems: [
          { title: '5号楼4单元水表井低洼', keyArea: 'other', category: 'low_water_meter_well', address: '5号楼4单元' },
          { title: '3号楼2单元建筑垃圾', keyArea: 'other', category: 'muck', address: '3号楼2单元' },
          { title: '3号楼4单元垃圾道堵塞', keyArea: 'other', category: 'blocked_rubbish_chute', address: '3号楼4单元' },
        ],
      })
      .expect(201);
    expect(res.body).toMatchObject({ problemsFound: 3, gridPath: GRID, reportedTo: { community: `${STREET}.c01`, street: STREET } });
    expect(res.body.incidents.map((i: { source: string }) => i.source)).toEqual(['patrol_diary', 'patrol_diary', 'patrol_diary']);
    for (const id of res.body.incidentIds) expect((await get(id)).diaryId).toBe(res.body.id);
    const list = await suite.http().get(`/api/v1/diaries?root=${GRID}`).set(await auth('commander')).expect(200);
    expect(list.body.items[0].id).toBe(res.body.id);
    // One transaction: a bad third problem leaves nothing behind.
    const ds = await suite.dataSource('office');
    const before = (await ds.query(`SELECT count(*)::int AS n FROM office.incidents`))[0].n;
    await suite
      .http()
      .post('/api/v1/diaries')
      .set(await auth('worker'))
      .send({ route: '11号楼', householdsVisited: 1, problems: [{ title: '好的问题', keyArea: 'other', category: 'muck', address: 'x' }, { title: '坏的问题', keyArea: 'other', category: 'nope', address: 'y' }] })
      .expect(422);
    expect((await ds.query(`SELECT count(*)::int AS n FROM office.incidents`))[0].n).toBe(before);
  });

  it('scopes reads: another street’s commander sees nothing of this street', async () => {
    const i = await report();
    const list = await suite.http().get('/api/v1/incidents').set(await auth('other-commander')).expect(200);
    expect(list.body.items).toEqual([]);
    await suite.http().get(`/api/v1/incidents/${i.id}`).set(await auth('other-commander')).expect(404);
    await suite.http().post(`/api/v1/incidents/${i.id}/register`).set(await auth('other-commander')).send({}).expect(404);
    const stats = await suite.http().get('/api/v1/stats/key-areas').set(await auth('other-commander')).expect(200);
    expect(stats.body.total.found).toBe(0);
  });

  it('pages the list with a keyset cursor and filters', async () => {
    const p1 = await suite.http().get('/api/v1/incidents?limit=5&keyArea=other').set(await auth('commander')).expect(200);
    expect(p1.body.items).toHaveLength(5);
    const p2 = await suite.http().get(`/api/v1/incidents?limit=5&keyArea=other&cursor=${p1.body.nextCursor}`).set(await auth('commander')).expect(200);
    const ids1 = p1.body.items.map((x: { id: string }) => x.id);
    for (const x of p2.body.items) expect(ids1).not.toContain(x.id);
    const closed = await suite.http().get('/api/v1/incidents?state=closed').set(await auth('commander')).expect(200);
    for (const x of closed.body.items) expect(x.state).toBe('closed');
    await suite.http().get('/api/v1/incidents?state=bogus').set(await auth('commander')).expect(400);
  });

  it('finds a platform’s report by its own reference, and what changed since a moment (incremental sync)', async () => {
    const byRef = await suite.http().get('/api/v1/incidents?sourceRef=12345-20261122-0042').set(await auth('commander')).expect(200);
    expect(byRef.body.items.map((x: { sourceRef: string; source: string }) => [x.source, x.sourceRef])).toEqual([['hotline_12345', '12345-20261122-0042']]);
    const other = await suite.http().get('/api/v1/incidents?source=grid_patrol&sourceRef=12345-20261122-0042').set(await auth('commander')).expect(200);
    expect(other.body.items).toEqual([]);

    const mark = new Date(Date.now() - 1000).toISOString();
    const since = await suite.http().get(`/api/v1/incidents?updatedSince=${encodeURIComponent(mark)}&limit=500`).set(await auth('commander')).expect(200);
    const touched = await suite.http().post('/api/v1/incidents').set(await auth('commander')).send(body({ title: '增量同步 touched now' })).expect(201);
    const after = await suite.http().get(`/api/v1/incidents?updatedSince=${encodeURIComponent(mark)}&limit=500`).set(await auth('commander')).expect(200);
    const ids = after.body.items.map((x: { id: string }) => x.id);
    expect(ids).toContain(touched.body.id);
    expect(ids.length).toBe(since.body.items.length + 1);
    for (const x of after.body.items) expect(Date.parse(x.updatedAt)).toBeGreaterThanOrEqual(Date.parse(mark));
    const future = await suite.http().get(`/api/v1/incidents?updatedSince=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`).set(await auth('commander')).expect(200);
    expect(future.body.items).toEqual([]);
    const bad = await suite.http().get('/api/v1/incidents?updatedSince=yesterday').set(await auth('commander')).expect(400);
    expect(bad.body.details.fields[0].field).toBe('updatedSince');
  });

  it('exports the ledger as XLSX', async () => {
    const res = await suite.http().get('/api/v1/incidents.xlsx?keyArea=other').set(await auth('commander')).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect((res.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    expect(Number(res.headers['x-ledger-rows'])).toBeGreaterThan(5);
    expect(res.headers['x-ledger-truncated']).toBe('false');
    // The office builds the workbook from its list: the same incidents, by code, as the list answers.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    const ws = wb.getWorksheet('台账 Ledger')!;
    expect(ws.getRow(1).getCell(1).value).toBe('编号 Code');
    const codes: string[] = [];
    for (let cursor: string | undefined, first = true; first || cursor; first = false) {
      const page = (await suite.http().get(`/api/v1/incidents?keyArea=other&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`).set(await auth('commander')).expect(200)).body;
      codes.push(...page.items.map((i: { code: string }) => i.code));
      cursor = page.nextCursor ?? undefined;
    }
    expect(ws.getColumn(1).values.slice(2)).toEqual(codes);
    expect(Number(res.headers['x-ledger-rows'])).toBe(codes.length);
  });

  it('stores photos by content hash, checks the type by content, and serves them back', async () => {
    const up = await suite.http().post('/api/v1/photos').set(await auth('worker')).set('content-type', 'image/png').send(PNG).expect(201);
    expect(up.body).toMatchObject({ contentType: 'image/png', size: PNG.length });
    expect(up.body.sha256).toMatch(/^[a-f0-9]{64}$/);
    const fake = await suite.http().post('/api/v1/photos').set(await auth('worker')).set('content-type', 'image/jpeg').send(Buffer.from('not really a jpeg')).expect(415);
    expect(fake.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const back = await suite.http().get(`/api/v1/photos/${up.body.sha256}`).set(await auth('commander')).expect(200);
    expect(back.headers['content-type']).toBe('image/png');
    const i = await report({ photos: [up.body.sha256] });
    expect(i.photos).toEqual([up.body.sha256]);
    const missing = await suite.http().post('/api/v1/incidents').set(await auth('worker')).send(body({ photos: ['0'.repeat(64)] })).expect(422);
    expect(missing.body.code).toBe('OFFICE_PHOTO_NOT_FOUND');
  });

  it('holds at most OFFICE_MAX_PHOTOS_PER_INCIDENT photos per incident, report and handling rounds together (422 naming photos)', async () => {
    const up = await suite.http().post('/api/v1/photos').set(await auth('worker')).set('content-type', 'image/png').send(PNG).expect(201);
    const h = up.body.sha256 as string;
    const i = await report({ photos: Array(9).fill(h) });
    await act(i.id, 'register', 'commander');
    await act(i.id, 'dispatch', 'commander', { unit: 'enforcement' });
    await act(i.id, 'accept', 'enforcement');
    // 9 held + 4 > 12: refused, nothing written
    const over = await act(i.id, 'handle', 'enforcement', { result: '已清运完毕', photos: Array(4).fill(h) }, 422);
    expect(over).toMatchObject({ code: 'OFFICE_PHOTO_QUOTA_EXCEEDED', details: { field: 'photos', limit: 12, held: 9 } });
    expect((await get(i.id)).state).toBe('accepted');
    // 9 + 3 = 12: accepted
    const done = await act(i.id, 'handle', 'enforcement', { result: '已清运完毕', photos: Array(3).fill(h) });
    expect(done.state).toBe('handled');
  });

  it('follows a unit’s case events back: opened → accepted, handled → handled (idempotent)', async () => {
    const i = await report();
    await act(i.id, 'register', 'commander');
    await act(i.id, 'dispatch', 'commander', { unit: 'enforcement' });
    const ds = await suite.dataSource('office');
    const [d] = await ds.query(`SELECT event FROM office.outbox WHERE type = 'office.incident.dispatched' AND event->'data'->>'incidentId' = $1`, [i.id]);
    expect(d.event.data.unit).toBe('enforcement');
    const js = nc.jetstream();
    const codec = JSONCodec();
    const publish = async (type: string, data: Record<string, unknown>, id = randomUUID()) => {
      await js.publish(`evt.${type}`, codec.encode({ id, type, source: 'enforcement', occurredAt: new Date().toISOString(), data }), { msgID: id });
      return id;
    };
    const caseData = { unit: 'enforcement', incidentId: i.id, caseId: randomUUID(), caseType: 'enforcement_case', caseRef: 'ZF-2026-0001' };
    await publish('enforcement.case.opened', caseData);
    await eventually(async () => expect((await get(i.id)).state).toBe('accepted'));
    const handledId = await publish('enforcement.case.handled', { ...caseData, note: '已责令停工并拆除' });
    await eventually(async () => expect((await get(i.id)).state).toBe('handled'));
    await publish('enforcement.case.handled', { ...caseData, note: 'again' }, handledId); // a redelivery
    const full = await get(i.id);
    expect(full.result).toBe('已责令停工并拆除');
    expect(full.leadUnit).toBe('enforcement');
    expect(full.history.filter((h: { action: string }) => h.action === 'handle')).toHaveLength(1);
  });

  it('locates the point through registry.grid.locate when the registry answers', async () => {
    const located = { id: '22222222-2222-4222-8222-222222222222', code: '320106001001002001', name: '三级网格', level: 'building_cluster', path: `${STREET}.c01.g2_02.g3_01`, parentId: null };
    const sub = nc.subscribe('registry.grid.locate', { queue: 'grid-registry' });
    const codec = JSONCodec<{ id: string; data: { lng: number } }>();
    void (async () => {
      for await (const m of sub) {
        const req = codec.decode(m.data);
        const reply = req.data.lng > 119 ? { err: { code: 'REGISTRY_POINT_ON_NO_GRID', message: 'No grid contains this point' }, isDisposed: true, id: req.id } : { response: { grid: located, ancestors: [] }, isDisposed: true, id: req.id };
        m.respond(JSONCodec().encode(reply));
      }
    })();
    try {
      const { gridId: _g, gridPath: _p, ...noGrid } = body();
      const res = await suite.http().post('/api/v1/incidents').set(await auth('commander')).send(noGrid).expect(201);
      expect(res.body).toMatchObject({ gridId: located.id, gridPath: located.path });
      const off = await suite.http().post('/api/v1/incidents').set(await auth('commander')).send({ ...noGrid, location: { lng: 120.5, lat: 32 } }).expect(404);
      expect(off.body.code).toBe('REGISTRY_POINT_ON_NO_GRID');
    } finally {
      sub.unsubscribe();
    }
  });

  it('keeps the dashboard counters equal to the rows after every flow above (same-transaction maintenance)', async () => {
    const ds = await suite.dataSource('office');
    const kept = await ds.query(`SELECT to_char(day,'YYYY-MM-DD') d, grid_path::text g, key_area k, found, duplicates, registered, rejected, handled, reworked, closed, solved, closed_on_time, misregistered, res_grid, res_community, res_street, res_district FROM office.stats_daily WHERE found + duplicates > 0 ORDER BY 1,2,3`);
    const recount = await ds.query(`SELECT to_char(day,'YYYY-MM-DD') d, grid_path::text g, key_area k, found, duplicates, registered, rejected, handled, reworked, closed, solved, closed_on_time, misregistered, res_grid, res_community, res_street, res_district FROM (${new StatsRepository(ds).recountSql()}) r ORDER BY 1,2,3`);
    expect(kept).toEqual(recount);
    // The month/year roll-ups the district and city dashboards read agree with the daily counters.
    expect(await new StatsRepository(ds).rollupDrift()).toEqual([]);
    const stats = await suite.http().get(`/api/v1/stats/key-areas?root=${STREET}`).set(await auth('commander')).expect(200);
    const [{ found, solved }] = await ds.query(`SELECT count(*) FILTER (WHERE state <> 'duplicate')::int AS found, count(*) FILTER (WHERE state = 'closed' AND closure_type = 'fixed')::int AS solved FROM office.incidents`);
    expect(stats.body.total).toMatchObject({ found, solved });
    expect(stats.body.counts.reworked).toBeGreaterThan(0);
  });

  // Last: it fills another street, which the tests above expect empty.
  it('files diaries across two streets of a district while that district reports: no lock cycle, every incident counted once', async () => {
    // A diary's problems take their streets' code counters one by one; a single report takes its
    // street's code counter, then the counters its district shares. The diary's counters come
    // last too, every daily row then every roll-up row in key order (StatsRepository.bumpMany):
    // were they bumped per problem, a diary holding the district's counters would wait for the
    // other street's code counter held by a report waiting for those counters.
    const here = `${STREET}.c01.g2_01.g3_01`;
    const there = `${OTHER_STREET}.c01.g2_01.g3_01`;
    const problem = (gridPath: string, i: number) => ({ title: `楼道堆物 ${i}`, keyArea: 'other', category: 'exposed_rubbish', address: `${i}号楼`, gridPath });
    const diary = async (i: number) =>
      suite.http().post('/api/v1/diaries').set(await auth('admin')).send({ gridPath: here, route: `${i}号楼`, householdsVisited: 1, problems: [problem(here, i), problem(there, i)] });
    const single = async () => suite.http().post('/api/v1/incidents').set(await auth('admin')).send(body({ gridPath: there, gridId: undefined }));
    const results = await Promise.all([...[1, 2, 3, 4].map(diary), ...Array.from({ length: 12 }, single)]);
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, ...Array(12).fill(201)]);

    const ds = await suite.dataSource('office');
    const kept = await ds.query(`SELECT * FROM office.stats_daily ORDER BY day, grid_path, key_area`);
    const recount = await ds.query(`SELECT * FROM (${new StatsRepository(ds).recountSql()}) r ORDER BY day, grid_path, key_area`);
    const plain = (rows: Record<string, unknown>[]) => rows.map((r) => ({ ...r, grid_path: String(r.grid_path) }));
    expect(plain(kept)).toEqual(plain(recount));
    expect(await new StatsRepository(ds).rollupDrift()).toEqual([]);
  });
});

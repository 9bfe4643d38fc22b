import { createHash, randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { JSONCodec } from 'nats';
import {
  CommonErrorCode,
  ERROR_HTTP_STATUS,
  ExportIncidents,
  FileDiary,
  GetIncident,
  KeyAreaStats,
  ListCategories,
  ListDiaries,
  ListIncidents,
  OfficeErrorCode,
  PHOTO_BUCKET,
  ReportIncident,
  RevealIncidentReporter,
  SuperviseSweep,
  TransitionIncident,
} from '@grid122/contracts';
import { monthDays, streetCalendar, streetDay } from '@grid122/calendar';
import { AppError } from '@grid122/messaging';
import { eventually, serviceUnderTest, TEST_ACTORS, TEST_OTHER_STREET as OTHER_STREET, TEST_STREET as STREET, TestActorName, TestRequest } from '@grid122/testing';
import { AppModule } from '../src/app.module';
import { dataSourceOptions } from '../src/database/data-source';
import { StatsRepository } from '../src/stats/stats.repository';

jest.setTimeout(120_000);

const GRID = `${STREET}.c01.g2_01.g3_01`;
const GRID_ID = '11111111-1111-4111-8111-111111111111';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

/**
 * The office (一办) through its contracts (NATS, signed callers), against real Postgres and NATS:
 * intake, every transition, the clock, idempotency, "me too", diaries, scope, the units' case
 * events and supervision. The grid registry is not started, so intake falls back to the caller's
 * grid (and a stub answers registry.grid.locate where said). The HTTP side (statuses, the action
 * in the path, the Idempotency-Key header, the XLSX download, photo uploads) is the gateway's
 * incidents spec.
 */
describe('office: incidents', () => {
  const svc = serviceUnderTest({ app: 'office', module: () => AppModule.forRoot(), dataSource: dataSourceOptions, env: { OFFICE_SWEEP_INTERVAL_MS: '0', OFFICE_MAX_PHOTOS_PER_INCIDENT: '12' } });
  let n = 0;

  /** A report with its own spot (≈ 100 m from any other), so tests do not link as duplicates. */
  const body = (over: TestRequest<ReportIncident.Request> = {}): TestRequest<ReportIncident.Request> => {
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
  const report = (over: TestRequest<ReportIncident.Request> = {}, who: TestActorName = 'worker') => svc().call(ReportIncident, body(over), who);
  const act = (incidentId: string, action: string, who: TestActorName, b: TestRequest<TransitionIncident.Request> = {}) => svc().call(TransitionIncident, { ...b, incidentId, action }, who);
  const refused = (incidentId: string, action: string, who: TestActorName, b: TestRequest<TransitionIncident.Request> = {}) => svc().refusal(TransitionIncident, { ...b, incidentId, action }, who);
  const get = (id: string, who: TestActorName = 'commander') => svc().call(GetIncident, { id }, who);
  /** A report registered and dispatched to `unit`: the incident as dispatched. */
  const dispatchedTo = async (unit: string, over: TestRequest<ReportIncident.Request> = {}) => {
    const i = await report(over);
    await act(i.id, 'register', 'commander');
    return act(i.id, 'dispatch', 'commander', { unit });
  };
  /** register → dispatch to the enforcement team → accept → handle. */
  const toHandled = async () => {
    const i = await dispatchedTo('enforcement');
    await act(i.id, 'accept', 'enforcement');
    await act(i.id, 'handle', 'enforcement', { result: '已清运完毕' });
    return i;
  };
  /** The code a refusal carries, checked against the HTTP status it stands for. */
  const codeOf = (e: AppError, status: number) => {
    expect(ERROR_HTTP_STATUS[e.code as keyof typeof ERROR_HTTP_STATUS]).toBe(status);
    return e.code;
  };
  /** Stores a photo as the gateway's upload does (JetStream Object Store, named by its sha256). */
  const storePhoto = async (bytes: Buffer) => {
    const sha = createHash('sha256').update(bytes).digest('hex');
    const os = await svc().nats.jetstream().views.os(PHOTO_BUCKET);
    await os.putBlob({ name: sha }, new Uint8Array(bytes));
    return sha;
  };

  it('lists categories with key area and limits', async () => {
    const res = await svc().call(ListCategories, {}, 'commander');
    const rubbish = res.items.find((c) => c.code === 'exposed_rubbish');
    expect(rubbish).toMatchObject({ keyArea: 'other', keyAreaLabel: { zh: '其它' }, limits: { registerDispatch: { value: 1, unit: 'working_hours' }, dispose: { value: 4, unit: 'working_hours' } } });
  });

  it('takes a report with code, grid, deadline, clock and a reporter phone protected', async () => {
    const r = await svc().call(ReportIncident, body({ source: 'hotline_12345', sourceRef: '12345-20261122-0042', reporter: { name: '王阿姨', phone: '13912345678' } }), 'commander');
    expect(r).toMatchObject({ state: 'reported', gridPath: GRID, gridId: GRID_ID, source: 'hotline_12345', sourceRef: '12345-20261122-0042', keyArea: 'other' });
    expect(r.code).toMatch(/^BTQ-\d{8}-\d{4}$/);
    expect(r.deadline).toEqual(expect.any(String));
    expect(r.clock).toMatchObject({ phase: 'register_dispatch', limit: { value: 1, unit: 'working_hours' } });
    // masked for every role, the commander too; the commander calls back through the audited reveal
    expect(r.reporter).toMatchObject({ name: '王**', phone: '139****5678' });
    const [row] = await svc().ds.query(`SELECT reporter_phone FROM office.incidents WHERE id = $1`, [r.id]);
    expect(row.reporter_phone).not.toContain('13912345678');
    const district = await get(r.id, 'district');
    expect(district.reporter?.phone).toBe('139****5678');
    const revealed = await svc().call(RevealIncidentReporter, { id: r.id, reason: '回访核实' }, 'commander');
    expect(revealed.reporter).toEqual({ name: '王阿姨', phone: '13912345678' });
  });

  it('refuses a category of another key area, an unknown one, and a report with no place', async () => {
    const wrong = await svc().refusal(ReportIncident, body({ keyArea: 'illegal_business' }), 'worker');
    expect(codeOf(wrong, 422)).toBe(OfficeErrorCode.CategoryInvalid);
    const bad = await svc().refusal(ReportIncident, body({ keyArea: 'other', category: 'no_such' }), 'worker');
    expect(codeOf(bad, 422)).toBe(OfficeErrorCode.CategoryInvalid);
    expect((bad.details as { field?: string }).field).toBe('category');
    expect(await svc().invalidField(ReportIncident, body({ keyArea: 'weather' }), 'worker')).toBe('keyArea');
    const { location: _l, ...noPlace } = body();
    expect(await svc().invalidField(ReportIncident, noPlace, 'worker')).toBe('location');
  });

  it('refuses as unavailable when the registry is down and no grid is given', async () => {
    const { gridId: _g, gridPath: _p, ...noGrid } = body();
    const e = await svc().refusal(ReportIncident, noGrid, 'worker');
    expect(codeOf(e, 503)).toBe(CommonErrorCode.ServiceUnavailable);
  });

  it('refuses a report outside the caller scope', async () => {
    const e = await svc().refusal(ReportIncident, body({ gridPath: `${STREET}.c02.g2_01.g3_01` }), 'worker');
    expect(codeOf(e, 403)).toBe(OfficeErrorCode.OutOfScope);
  });

  it('walks the whole happy path with history: register, dispatch, accept, handle, verify, close', async () => {
    const i = await toHandled();
    const verified = await act(i.id, 'verify', 'worker');
    expect(verified.state).toBe('verified');
    const closed = await act(i.id, 'close', 'commander', { closureType: 'fixed' });
    expect(closed).toMatchObject({ state: 'closed', closureType: 'fixed', resolutionLevel: 'street', leadUnit: 'enforcement', onTime: true, result: '已清运完毕' });
    const full = await get(i.id);
    expect(full.history!.map((h) => h.action)).toEqual(['report', 'register', 'dispatch', 'accept', 'handle', 'verify', 'close']);
    expect(full.history![2]).toMatchObject({ fromState: 'registered', toState: 'dispatched', byRole: 'street_commander' });
    expect(full.history![3]).toMatchObject({ byRole: 'unit_member', byName: 'enforcement' });
    expect(full.clock?.closed).toBe(true);
  });

  it('refuses an illegal transition naming the current state, the wrong role or unit, and an unknown action', async () => {
    const i = await report();
    const illegal = await refused(i.id, 'dispatch', 'commander', { unit: 'social' });
    expect(codeOf(illegal, 409)).toBe(CommonErrorCode.IllegalTransition);
    expect(illegal.details).toMatchObject({ currentState: 'reported', action: 'dispatch' });
    expect(illegal.message).toContain('reported');
    expect(codeOf(await refused(i.id, 'register', 'worker'), 403)).toBe(CommonErrorCode.Forbidden);
    await act(i.id, 'register', 'commander');
    await act(i.id, 'dispatch', 'commander', { unit: 'social' });
    // the enforcement team cannot even see it; the social team accepts it
    codeOf(await refused(i.id, 'accept', 'enforcement'), 404);
    await act(i.id, 'accept', 'social');
    const again = await refused(i.id, 'accept', 'social');
    expect(codeOf(again, 409)).toBe(CommonErrorCode.IllegalTransition);
    expect((again.details as { currentState?: string }).currentState).toBe('accepted');
    expect(await svc().invalidField(TransitionIncident, { incidentId: i.id, action: 'explode' }, 'commander')).toBe('action');
  });

  it('rejects with a reason (the field named without one)', async () => {
    const i = await report();
    expect(await svc().invalidField(TransitionIncident, { incidentId: i.id, action: 'reject' }, 'commander')).toBe('reason');
    const rejected = await act(i.id, 'reject', 'commander', { reason: '非本辖区问题，已告知来电人' });
    expect(rejected.state).toBe('rejected');
  });

  it('a unit returns a case with a reason, back to dispatch; a department liaison handles a joint case led by the first to accept', async () => {
    const i = await dispatchedTo('petitions');
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
    const i = await dispatchedTo('enforcement');
    await act(i.id, 'accept', 'enforcement');
    const suspended = await act(i.id, 'suspend', 'commander', { reason: '等待产权单位答复' });
    expect(suspended).toMatchObject({ state: 'suspended', deadline: null });
    expect(suspended.clock?.paused).toBe(true);
    // Backdate the suspension by a day: the clock must not count that day.
    await svc().ds.query(`UPDATE office.incidents SET suspensions = jsonb_build_array(jsonb_build_object('from', (now() - interval '1 day')::text, 'to', null)), dispatched_at = now() - interval '1 day' WHERE id = $1`, [i.id]);
    const resumed = await act(i.id, 'resume', 'commander');
    expect(resumed.state).toBe('accepted');
    expect(resumed.clock?.paused).toBe(false);
    expect(resumed.clock?.elapsedMinutes).toBeLessThan(1);
    expect(resumed.deadline).toEqual(expect.any(String));
    const full = await get(i.id);
    expect(full.history!.slice(-2).map((h) => h.action)).toEqual(['suspend', 'resume']);
  });

  it('extends the deadline on the commander’s approval', async () => {
    const d = await dispatchedTo('enforcement');
    const ext = await act(d.id, 'extend', 'commander', { value: 2, limitUnit: 'working_days', reason: '需协调环卫所' });
    expect(ext.clock?.limit).toMatchObject({ value: 4, unit: 'working_hours' });
    expect(new Date(ext.deadline!).getTime()).toBeGreaterThan(new Date(d.deadline!).getTime());
    codeOf(await refused(d.id, 'extend', 'enforcement', { value: 1, reason: 'x'.repeat(3) }), 403);
    expect(await svc().invalidField(TransitionIncident, { incidentId: d.id, action: 'extend', value: 1, limitUnit: 'calendar_days', reason: '不行' }, 'commander')).toBe('limitUnit');
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
    const early = await refused(i.id, 'close', 'commander', { closureType: 'fixed' });
    expect(codeOf(early, 409)).toBe(CommonErrorCode.IllegalTransition);
    expect((early.details as { currentState?: string }).currentState).toBe('handled');
    const j = await report();
    await act(j.id, 'register', 'commander');
    expect(await svc().invalidField(TransitionIncident, { incidentId: j.id, action: 'close', closureType: 'not_responsible' }, 'commander')).toBe('responsibleParty');
    const closed = await act(j.id, 'close', 'commander', { closureType: 'not_responsible', responsibleParty: '供电公司' });
    expect(closed).toMatchObject({ closureType: 'not_responsible', notResponsibleParty: '供电公司', resolutionLevel: null }); // a closure that solved nothing has no level (docs/metrics.md)
  });

  it('escalates to the district with what the platform needs, and closes at district level', async () => {
    const i = await report();
    await act(i.id, 'register', 'commander');
    const esc = await act(i.id, 'escalate', 'commander', { reason: '超出街道职权，需区城管局处理' });
    expect(esc.state).toBe('escalated');
    const [out] = (await svc().outbox<{ incidentId: string; escalation: { history: { action: string }[] } }>('office.incident.escalated')).filter((e) => e.data.incidentId === i.id);
    expect(out.data).toMatchObject({ code: i.code, gridPath: GRID, state: 'escalated', fromState: 'registered', escalation: { reason: '超出街道职权，需区城管局处理' } });
    expect(out.data.escalation.history.map((h) => h.action)).toEqual(['report', 'register', 'escalate']);
    const closed = await act(i.id, 'close', 'commander', { closureType: 'fixed' });
    expect(closed.resolutionLevel).toBe('district');
  });

  it('reads the clock across a weekend and a holiday (中秋节 2026-09-25..27)', async () => {
    // Thursday 17:00 in Nanjing: 30 working minutes left that day, then Fri-Sun off, due Monday 09:00.
    const i = await report({ reportedAt: '2026-09-24T09:00:00.000Z' });
    expect(i.deadline).toBe('2026-09-28T01:00:00.000Z');
    expect(i.clock).toMatchObject({ deadline: '2026-09-28T01:00:00.000Z', overdue: true, light: 'red', scale: 'working' });
    const ids = async (filter: TestRequest<ListIncidents.Request>) => (await svc().call(ListIncidents, { ...filter, limit: 200 }, 'commander')).items.map((x) => x.id);
    expect(await ids({ overdue: true })).toContain(i.id);
    expect(await ids({ light: 'red' })).toContain(i.id);
    expect(await ids({ light: 'green' })).not.toContain(i.id);
  });

  it('supervises an overdue incident once (督办) and lists it for the commander', async () => {
    const first = await svc().call(SuperviseSweep, {}, 'commander');
    expect(first.supervised).toBeGreaterThan(0);
    const second = await svc().call(SuperviseSweep, {}, 'commander');
    expect(second.supervised).toBe(0);
    const id = first.incidentIds[0];
    const events = (await svc().outbox<{ incidentId: string }>('office.incident.supervised')).filter((e) => e.data.incidentId === id);
    expect(events).toHaveLength(1);
    const full = await get(id);
    expect(full.supervisedAt).toEqual(expect.any(String));
    expect(full.history!.at(-1)?.action).toBe('supervise');
  });

  it('is idempotent on its key: same body → the first result; other body → IDEMPOTENCY_KEY_REUSED, one row', async () => {
    const b = body();
    const key = `pda-${randomUUID()}`;
    const one = await svc().call(ReportIncident, { ...b, idempotencyKey: key }, 'worker');
    const two = await svc().call(ReportIncident, { ...b, idempotencyKey: key }, 'worker');
    expect(two).toEqual(one);
    const other = await svc().refusal(ReportIncident, { ...b, title: '另一个问题', idempotencyKey: key }, 'worker');
    expect(codeOf(other, 422)).toBe(CommonErrorCode.IdempotencyKeyReused);
    const rows = await svc().ds.query(`SELECT count(*)::int AS n FROM office.incidents WHERE title = $1`, [b.title]);
    expect(rows[0].n).toBe(1);
  });

  it('records a keyed intake once, as the gateway sends it (the key in the body and the header): in the intake\'s transaction, not the shared store too', async () => {
    const b = body();
    const key = `gw-${randomUUID()}`;
    const send = (x: object) => svc().call(ReportIncident, { ...b, ...x, idempotencyKey: key }, 'worker', { idempotencyKey: key });
    const one = await send({});
    // a client's retries racing: the first answer each time, one row
    const [two, three] = await Promise.all([send({}), send({})]);
    expect(two).toEqual(one);
    expect(three).toEqual(one);
    const other = await svc().refusal(ReportIncident, { ...b, title: '另一个问题', idempotencyKey: key }, 'worker', { idempotencyKey: key });
    expect(codeOf(other, 422)).toBe(CommonErrorCode.IdempotencyKeyReused);
    const count = async (sql: string) => (await svc().ds.query(sql, [key]))[0].n;
    expect(await count(`SELECT count(*)::int AS n FROM office.idempotency_keys WHERE key = $1`)).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM office.idempotency_requests WHERE key = $1`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM office.incidents WHERE id = (SELECT (response->>'id')::uuid FROM office.idempotency_keys WHERE key = $1)`)).toBe(1);
    expect((await svc().ds.query(`SELECT count(*)::int AS n FROM office.incidents WHERE title = $1`, [b.title]))[0].n).toBe(1);
  });

  it('gives concurrent intakes distinct sequential codes', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => report()));
    expect(new Set(results.map((r) => r.code)).size).toBe(8);
  });

  it('links a "me too" report to the open original and raises its priority', async () => {
    const original = await report({ category: 'missing_manhole_cover', title: '井盖缺失', location: { lng: 118.6, lat: 32.2 } });
    const metoo = await report({ category: 'missing_manhole_cover', title: '井盖没了', location: { lng: 118.6002, lat: 32.2001 } }, 'commander');
    expect(metoo).toMatchObject({ state: 'duplicate', duplicateOfId: original.id });
    const far = await report({ category: 'missing_manhole_cover', title: '另一个井盖', location: { lng: 118.61, lat: 32.2 } });
    expect(far.state).toBe('reported');
    const o = await get(original.id);
    expect(o).toMatchObject({ priority: 1, duplicateCount: 1 });
    expect(o.history!.at(-1)?.action).toBe('duplicate_linked');
  });

  it('files a diary with three problems: three incidents in one transaction, visible to community and street', async () => {
    const d = await svc().call(
      FileDiary,
      {
        route: '1-10号楼',
        buildings: ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'],
        householdsVisited: 12,
        notes: '巡查1-10号楼，发现3个问题',
        problems: [
          { title: '5号楼4单元水表井低洼', keyArea: 'other', category: 'low_water_meter_well', address: '5号楼4单元' },
          { title: '3号楼2单元建筑垃圾', keyArea: 'other', category: 'muck', address: '3号楼2单元' },
          { title: '3号楼4单元垃圾道堵塞', keyArea: 'other', category: 'blocked_rubbish_chute', address: '3号楼4单元' },
        ],
      },
      'worker',
    );
    expect(d).toMatchObject({ problemsFound: 3, gridPath: GRID, reportedTo: { community: `${STREET}.c01`, street: STREET } });
    expect(d.incidents!.map((i) => i.source)).toEqual(['patrol_diary', 'patrol_diary', 'patrol_diary']);
    for (const id of d.incidentIds) expect((await get(id)).diaryId).toBe(d.id);
    const list = await svc().call(ListDiaries, { root: GRID }, 'commander');
    expect(list.items[0].id).toBe(d.id);
    // One transaction: a bad third problem leaves nothing behind.
    const before = (await svc().ds.query(`SELECT count(*)::int AS n FROM office.incidents`))[0].n;
    const e = await svc().refusal(
      FileDiary,
      { route: '11号楼', householdsVisited: 1, problems: [{ title: '好的问题', keyArea: 'other', category: 'muck', address: 'x' }, { title: '坏的问题', keyArea: 'other', category: 'nope', address: 'y' }] },
      'worker',
    );
    codeOf(e, 422);
    expect((await svc().ds.query(`SELECT count(*)::int AS n FROM office.incidents`))[0].n).toBe(before);
  });

  it('pages the diaries two at a time to the rows of one page (same day: the id decides), refuses a cursor not given out', async () => {
    for (const route of ['11号楼', '12号楼', '13号楼']) await svc().call(FileDiary, { route, householdsVisited: 1 }, 'worker');
    const all = (await svc().call(ListDiaries, { root: GRID, limit: 200 }, 'commander')).items.map((d) => d.id);
    expect(all.length).toBeGreaterThan(3);
    const paged: string[] = [];
    for (let cursor: string | undefined, first = true; first || cursor; first = false) {
      const page = await svc().call(ListDiaries, { root: GRID, limit: 2, cursor }, 'commander');
      paged.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor ?? undefined;
    }
    expect(paged).toEqual(all);
    const foreign = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
    for (const cursor of [foreign(['2026-12-07T00:00:00Z', all[0]]), foreign([streetDay(), 'not-a-uuid']), 'bm90IGpzb24']) {
      expect(await svc().invalidField(ListDiaries, { root: GRID, cursor }, 'commander')).toBe('cursor');
    }
  });

  it('scopes reads: another street’s commander sees nothing of this street', async () => {
    const i = await report();
    expect((await svc().call(ListIncidents, {}, 'other-commander')).items).toEqual([]);
    codeOf(await svc().refusal(GetIncident, { id: i.id }, 'other-commander'), 404);
    codeOf(await refused(i.id, 'register', 'other-commander'), 404);
    const stats = await svc().call(KeyAreaStats, {}, 'other-commander');
    expect(stats.total.found).toBe(0);
  });

  it('pages the list with a keyset cursor and filters', async () => {
    const p1 = await svc().call(ListIncidents, { limit: 5, keyArea: 'other' }, 'commander');
    expect(p1.items).toHaveLength(5);
    const p2 = await svc().call(ListIncidents, { limit: 5, keyArea: 'other', cursor: p1.nextCursor ?? undefined }, 'commander');
    expect(p2.items.length).toBeGreaterThan(0);
    const ids1 = p1.items.map((x) => x.id);
    for (const x of p2.items) expect(ids1).not.toContain(x.id);
    const closed = await svc().call(ListIncidents, { state: 'closed' }, 'commander');
    expect(closed.items.length).toBeGreaterThan(0);
    for (const x of closed.items) expect(x.state).toBe('closed');
    expect(await svc().invalidField(ListIncidents, { state: 'bogus' }, 'commander')).toBe('state');
  });

  it('pages the list one at a time without losing reports of the same millisecond (an import keeps microseconds)', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await report({ title: `同一毫秒 ${i}` })).id);
    // Three reports one millisecond before the newest, apart by microseconds (the column's precision), newest last.
    await svc().ds.query(
      `UPDATE office.incidents SET reported_at = date_trunc('milliseconds', (SELECT max(reported_at) FROM office.incidents)) + (array_position($1::uuid[], id) || ' microseconds')::interval - interval '1 millisecond'
        WHERE id = ANY ($1::uuid[])`,
      [ids],
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page: ListIncidents.Reply = await svc().call(ListIncidents, { limit: 1, q: '同一毫秒', ...(cursor ? { cursor } : {}) }, 'commander');
      seen.push(...page.items.map((x) => x.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor && seen.length < 10);
    expect(seen).toEqual([...ids].reverse());
  });

  it('finds a platform’s report by its own reference, and what changed since a moment (incremental sync)', async () => {
    const byRef = await svc().call(ListIncidents, { sourceRef: '12345-20261122-0042' }, 'commander');
    expect(byRef.items.map((x) => [x.source, x.sourceRef])).toEqual([['hotline_12345', '12345-20261122-0042']]);
    const other = await svc().call(ListIncidents, { source: 'grid_patrol', sourceRef: '12345-20261122-0042' }, 'commander');
    expect(other.items).toEqual([]);

    const mark = new Date(Date.now() - 1000).toISOString();
    const since = await svc().call(ListIncidents, { updatedSince: mark, limit: 500 }, 'commander');
    const touched = await svc().call(ReportIncident, body({ title: '增量同步 touched now' }), 'commander');
    const after = await svc().call(ListIncidents, { updatedSince: mark, limit: 500 }, 'commander');
    const ids = after.items.map((x) => x.id);
    expect(ids).toContain(touched.id);
    expect(ids.length).toBe(since.items.length + 1);
    for (const x of after.items) expect(Date.parse(x.updatedAt)).toBeGreaterThanOrEqual(Date.parse(mark));
    const future = await svc().call(ListIncidents, { updatedSince: new Date(Date.now() + 3_600_000).toISOString() }, 'commander');
    expect(future.items).toEqual([]);
    expect(await svc().invalidField(ListIncidents, { updatedSince: 'yesterday' }, 'commander')).toBe('updatedSince');
  });

  it('builds the ledger’s workbook (台账) from its list: the same incidents, by code', async () => {
    const r = await svc().call(ExportIncidents, { keyArea: 'other' }, 'commander');
    expect(r.truncated).toBe(false);
    expect(r.rows).toBeGreaterThan(5);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(r.base64, 'base64') as never);
    const ws = wb.getWorksheet('台账 Ledger')!;
    expect(ws.getRow(1).getCell(1).value).toBe('编号 Code');
    const codes: string[] = [];
    for (let cursor: string | undefined, first = true; first || cursor; first = false) {
      const page = await svc().call(ListIncidents, { keyArea: 'other', limit: 500, cursor }, 'commander');
      codes.push(...page.items.map((i) => i.code));
      cursor = page.nextCursor ?? undefined;
    }
    expect(ws.getColumn(1).values.slice(2)).toEqual(codes);
    expect(r.rows).toBe(codes.length);
  });

  it('takes only stored photos, and holds at most OFFICE_MAX_PHOTOS_PER_INCIDENT per incident, report and handling rounds together', async () => {
    const h = await storePhoto(PNG);
    const withPhoto = await report({ photos: [h] });
    expect(withPhoto.photos).toEqual([h]);
    const missing = await svc().refusal(ReportIncident, body({ photos: ['0'.repeat(64)] }), 'worker');
    expect(codeOf(missing, 422)).toBe(OfficeErrorCode.PhotoNotFound);

    const i = await dispatchedTo('enforcement', { photos: Array(9).fill(h) });
    await act(i.id, 'accept', 'enforcement');
    // 9 held + 4 > 12: refused, nothing written
    const over = await refused(i.id, 'handle', 'enforcement', { result: '已清运完毕', photos: Array(4).fill(h) });
    expect(codeOf(over, 422)).toBe(OfficeErrorCode.PhotoQuotaExceeded);
    expect(over.details).toMatchObject({ field: 'photos', limit: 12, held: 9 });
    expect((await get(i.id)).state).toBe('accepted');
    // 9 + 3 = 12: accepted
    const done = await act(i.id, 'handle', 'enforcement', { result: '已清运完毕', photos: Array(3).fill(h) });
    expect(done.state).toBe('handled');
  });

  it('follows a unit’s case events back: opened → accepted, handled → handled (idempotent)', async () => {
    const i = await dispatchedTo('enforcement');
    const [d] = (await svc().outbox<{ incidentId: string; unit: string }>('office.incident.dispatched')).filter((e) => e.data.incidentId === i.id);
    expect(d.data.unit).toBe('enforcement');
    const publish = async (type: string, data: Record<string, unknown>, id = randomUUID()) => {
      await svc().publish({ id, type, source: 'enforcement', occurredAt: new Date().toISOString(), data }, id);
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
    expect(full.history!.filter((h) => h.action === 'handle')).toHaveLength(1);
  });

  it('locates the point through registry.grid.locate when the registry answers', async () => {
    const located = { id: '22222222-2222-4222-8222-222222222222', code: '320106001001002001', name: '三级网格', level: 'building_cluster', path: `${STREET}.c01.g2_02.g3_01`, parentId: null };
    const sub = svc().nats.subscribe('registry.grid.locate', { queue: 'grid-registry' });
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
      const r = await svc().call(ReportIncident, noGrid, 'commander');
      expect(r).toMatchObject({ gridId: located.id, gridPath: located.path });
      const off = await svc().refusal(ReportIncident, { ...noGrid, location: { lng: 120.5, lat: 32 } }, 'commander');
      expect(off.code).toBe('REGISTRY_POINT_ON_NO_GRID');
      expect(ERROR_HTTP_STATUS[off.code as keyof typeof ERROR_HTTP_STATUS]).toBe(404);
    } finally {
      sub.unsubscribe();
    }
  });

  /**
   * One set of numbers (docs/metrics.md), the office's part: solved, rework, resolution level,
   * duplicates and merges each follow their one definition in the ledger; a source's reference is
   * idempotent; a bare date is the street's day. In a grid of their own (c03), so the ledger of
   * that grid counts these reports only, with that grid's worker verifying. That the hub and the
   * monthly notice print the same ledger is the gateway's numbers spec (end to end).
   */
  describe('one definition per figure', () => {
    const L3 = `${STREET}.c03.g2_01.g3_01`;
    const gridWorker = { ...TEST_ACTORS.worker, id: '5c0f7a3e-2d41-4b8e-9a6c-1e2f3a4b5c6d', username: 'worker-c03', displayName: 'worker-c03', scope: L3 };
    const month = streetCalendar().thisMonth();
    const { from, to } = monthDays(month);
    const ledger = () => svc().call(KeyAreaStats, { from, to, root: L3 }, 'commander');
    let m = 0;
    const numbered = (over: TestRequest<ReportIncident.Request> = {}) => {
      m += 1;
      return svc().call(ReportIncident, { source: 'grid_patrol', title: `楼道堆物 ${m}`, keyArea: 'production_safety', category: 'ebike_illegal_charging', address: `${m}栋`, gridPath: L3, ...over }, 'commander');
    };
    const verified = async (id: string) => {
      await act(id, 'register', 'commander');
      await act(id, 'dispatch', 'commander', { unit: 'enforcement' });
      await act(id, 'accept', 'enforcement');
      await act(id, 'handle', 'enforcement', { result: '已清理' });
      await svc().call(TransitionIncident, { incidentId: id, action: 'verify' }, gridWorker);
    };
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      ids.fixed = (await numbered()).id;
      ids.notOurs = (await numbered()).id;
      ids.notFixed = (await numbered()).id;
      ids.open = (await numbered()).id;
      for (const id of [ids.fixed, ids.notOurs, ids.notFixed]) await verified(id);
      await act(ids.fixed, 'close', 'commander', { closureType: 'fixed' });
      await act(ids.notOurs, 'close', 'commander', { closureType: 'not_responsible', responsibleParty: '供电公司' });
      await act(ids.notFixed, 'close', 'commander', { closureType: 'closed_not_fixed', reason: '条件不具备' });
    });

    it('solves only by a fix, and gives a resolution level only to a solved case', async () => {
      const l = await ledger();
      const safety = l.rows.find((r) => r.keyArea === 'production_safety');
      expect(safety).toMatchObject({ found: 4, solved: 1, closureRate: 25 });
      expect(l.counts).toMatchObject({ registered: 3, closed: 3, handled: 3, misregistered: 1 });
      expect(l.resolutionCounts).toEqual({ grid: 0, community: 0, street: 1, district: 0 });
      expect(l.resolutionLevels.street).toBe(100);
      expect((await get(ids.notOurs)).resolutionLevel).toBeNull();
    });

    it('counts rework once per case, and not for reopening a case closed as not ours', async () => {
      await act(ids.notOurs, 'reopen', 'commander', { reason: '责任方认定有误' });
      expect((await ledger()).counts.reworked).toBe(0);
      await act(ids.fixed, 'reopen', 'commander', { reason: '又堆上了' });
      await act(ids.fixed, 'handle', 'enforcement', { result: '再次清理' });
      await svc().call(TransitionIncident, { incidentId: ids.fixed, action: 'rework', reason: '仍未清完' }, gridWorker);
      const l = await ledger();
      expect(l.counts.reworked).toBe(1);
      expect(l.rates.rework).toBeCloseTo((100 * 1) / 3, 2);
    });

    it('answers a second report of the same source reference with the existing incident; another source’s same reference is its own', async () => {
      const first = await numbered({ source: 'hotline_12345', sourceRef: 'GD-2026-000123' });
      expect(first.existing).toBeFalsy();
      const again = await numbered({ source: 'hotline_12345', sourceRef: 'GD-2026-000123', title: '同一工单再次推送' });
      expect(again).toMatchObject({ id: first.id, code: first.code, existing: true });
      const other = await numbered({ source: 'mayor_hotline', sourceRef: 'GD-2026-000123' });
      expect(other.id).not.toBe(first.id);
      expect(other.existing).toBeFalsy();
      const listed = await svc().call(ListIncidents, { source: 'hotline_12345', sourceRef: 'GD-2026-000123' }, 'commander');
      expect(listed.items).toHaveLength(1);
    });

    it('takes a bare date as the street day: a report at 00:01 Beijing is in from=today, and the workbook prints the street’s wall time', async () => {
      const cal = streetCalendar();
      const today = cal.today();
      const early = new Date(cal.dayStart(today).getTime() + 60_000);
      if (early.getTime() > Date.now()) return; // the first minute of the street's day: nothing to test yet
      const r = await numbered({ reportedAt: early.toISOString(), title: '凌晨上报' });
      const list = async (q: TestRequest<ListIncidents.Request>) => (await svc().call(ListIncidents, { ...q, limit: 200 }, 'commander')).items.map((i) => i.id);
      expect(await list({ from: today })).toContain(r.id);
      expect(await list({ from: today, to: today })).toContain(r.id);
      const yesterday = cal.day(cal.dayStart(today).getTime() - 1);
      expect(await list({ to: yesterday })).not.toContain(r.id);

      const x = await svc().call(ExportIncidents, { from: today, to: today }, 'commander');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(x.base64, 'base64') as never);
      const ws = wb.worksheets[0];
      const row = ws.getRows(2, ws.rowCount - 1)!.find((w) => w.getCell(1).text === r.code)!;
      expect(row.getCell(2).text).toBe(cal.stamp(early));
      expect(row.getCell(2).text.startsWith(today)).toBe(true);
    });

    it('closes a "me too" follower with its original (same outcome, in its history), and reopens it with it', async () => {
      const before = await ledger();
      const place = { location: { lng: 118.7461, lat: 32.0957 }, category: 'blocked_fire_lane' };
      const original = await numbered(place);
      const follower = await numbered({ ...place, title: '又有人报消防通道堵塞' });
      expect(follower).toMatchObject({ state: 'duplicate', duplicateOfId: original.id });
      const counted = await ledger();
      expect(counted.total.found).toBe(before.total.found + 1);
      expect(counted.counts.duplicates).toBe(before.counts.duplicates + 1);

      await verified(original.id);
      await act(original.id, 'close', 'commander', { closureType: 'fixed' });
      const closed = await get(follower.id);
      expect(closed).toMatchObject({ state: 'duplicate', closureType: 'fixed' });
      expect(closed.closedAt).toEqual(expect.any(String));
      expect(closed.history!.map((h) => h.action)).toContain('closed_with_original');
      const after = await ledger();
      expect(after.total).toMatchObject({ found: counted.total.found, solved: counted.total.solved + 1 });
      expect(after.counts.closed).toBe(counted.counts.closed + 1);

      await act(original.id, 'reopen', 'commander', { reason: '通道又被占' });
      const reopened = await get(follower.id);
      expect(reopened).toMatchObject({ state: 'duplicate', closureType: null, closedAt: null });
      expect(reopened.history!.map((h) => h.action)).toContain('reopened_with_original');
    });

    it('lets the desk merge a report into its original and unmerge it, with history and the counts following', async () => {
      const before = await ledger();
      const original = await numbered({ title: '小区门口电动车飞线充电' });
      const repeat = await numbered({ title: '门口有人拉线给电动车充电' });
      expect((await ledger()).total.found).toBe(before.total.found + 2);

      const self = await refused(repeat.id, 'merge', 'commander', { originalId: repeat.id });
      expect(codeOf(self, 404)).toBe(OfficeErrorCode.IncidentNotFound);
      expect((self.details as { field?: string }).field).toBe('originalId');
      expect(await svc().invalidField(TransitionIncident, { incidentId: repeat.id, action: 'merge' }, 'commander')).toBe('originalId');
      codeOf(await svc().refusal(TransitionIncident, { incidentId: repeat.id, action: 'merge', originalId: original.id }, gridWorker), 403); // the grid's own worker: not the desk's action

      const merged = await act(repeat.id, 'merge', 'commander', { originalId: original.id, note: '同一地点同一问题' });
      expect(merged).toMatchObject({ state: 'duplicate', duplicateOfId: original.id });
      let l = await ledger();
      expect(l.total.found).toBe(before.total.found + 1);
      expect(l.counts.duplicates).toBe(before.counts.duplicates + 1);
      expect((await get(original.id)).history!.map((h) => h.action)).toContain('duplicate_linked');

      const unmerged = await act(repeat.id, 'unmerge', 'commander', { reason: '并非同一问题' });
      expect(unmerged).toMatchObject({ state: 'reported', duplicateOfId: null });
      l = await ledger();
      expect(l.total.found).toBe(before.total.found + 2);
      expect(l.counts.duplicates).toBe(before.counts.duplicates);
      expect((await get(repeat.id)).history!.map((h) => h.action)).toEqual(expect.arrayContaining(['merge', 'unmerge']));
      expect((await get(original.id)).history!.map((h) => h.action)).toContain('duplicate_unlinked');
    });

    it('refuses a malformed date, naming the field and the format', async () => {
      for (const [contract, field] of [[KeyAreaStats, 'from'], [ListIncidents, 'to']] as const) {
        const e = await svc().refusal(contract, { [field]: field === 'from' ? '2026-1-5' : 'yesterday' }, 'commander');
        expect(codeOf(e, 400)).toBe(CommonErrorCode.ValidationFailed);
        expect((e.details as { fields: { field: string; messages: string[] }[] }).fields[0]).toMatchObject({ field, messages: [expect.stringMatching(/YYYY-MM-DD/)] });
      }
    });
  });

  it('keeps the dashboard counters equal to the rows after every flow above (same-transaction maintenance)', async () => {
    const ds = svc().ds;
    const cols = `to_char(day,'YYYY-MM-DD') d, grid_path::text g, key_area k, found, duplicates, registered, rejected, handled, reworked, closed, solved, closed_on_time, misregistered, res_grid, res_community, res_street, res_district`;
    const kept = await ds.query(`SELECT ${cols} FROM office.stats_daily WHERE found + duplicates > 0 ORDER BY 1,2,3`);
    const recount = await ds.query(`SELECT ${cols} FROM (${new StatsRepository(ds).recountSql()}) r ORDER BY 1,2,3`);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept).toEqual(recount);
    // The month/year roll-ups the district and city dashboards read agree with the daily counters.
    expect(await new StatsRepository(ds).rollupDrift()).toEqual([]);
    const stats = await svc().call(KeyAreaStats, { root: STREET }, 'commander');
    const [{ found, solved }] = await ds.query(`SELECT count(*) FILTER (WHERE state <> 'duplicate')::int AS found, count(*) FILTER (WHERE state = 'closed' AND closure_type = 'fixed')::int AS solved FROM office.incidents`);
    expect(stats.total).toMatchObject({ found, solved });
    expect(stats.counts.reworked).toBeGreaterThan(0);
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
    const diary = (i: number) => svc().call(FileDiary, { gridPath: here, route: `${i}号楼`, householdsVisited: 1, problems: [problem(here, i), problem(there, i)] }, 'admin');
    const single = () => svc().call(ReportIncident, body({ gridPath: there, gridId: undefined }), 'admin');
    const results = await Promise.all([...[1, 2, 3, 4].map(diary), ...Array.from({ length: 12 }, single)]);
    expect(results.map((r) => typeof r.id)).toEqual(Array(16).fill('string'));
    expect(new Set(results.map((r) => r.id)).size).toBe(16);

    const ds = svc().ds;
    const kept = await ds.query(`SELECT * FROM office.stats_daily ORDER BY day, grid_path, key_area`);
    const recount = await ds.query(`SELECT * FROM (${new StatsRepository(ds).recountSql()}) r ORDER BY day, grid_path, key_area`);
    const plain = (rows: Record<string, unknown>[]) => rows.map((r) => ({ ...r, grid_path: String(r.grid_path) }));
    expect(plain(kept)).toEqual(plain(recount));
    expect(await new StatsRepository(ds).rollupDrift()).toEqual([]);
  });
});

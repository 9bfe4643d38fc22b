import ExcelJS from 'exceljs';
import { binaryBody, startSuite, STREET, Suite } from './support/suite';

/**
 * The office's HTTP edge (一办): each route group answers through the gateway, the office's refusals
 * come back as HTTP statuses naming the field, the ledger downloads as XLSX and photos upload to the
 * store the office reads. The office's rules (the workflow, the clock, scope, idempotency, diaries,
 * the counters, the units' case events) are tested in its folder: apps/office/test/incidents.e2e-spec.ts;
 * the Idempotency-Key header on POST /api/v1/incidents in idempotency-routes.e2e-spec.ts. The grid
 * registry is not started here, so intake falls back to the caller's grid.
 */
const GRID = `${STREET}.c01.g2_01.g3_01`;
const GRID_ID = '11111111-1111-4111-8111-111111111111';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

describe('office: incidents through the gateway', () => {
  let suite: Suite;
  let n = 0;
  const auth = async (who: string) => ({ authorization: `Bearer ${await suite.token(who)}` });

  /** A report with its own spot (≈ 100 m from any other), so reports do not link as duplicates. */
  const body = (over: Record<string, unknown> = {}) => ({ source: 'grid_patrol', title: `暴露垃圾 ${++n}`, keyArea: 'other', category: 'exposed_rubbish', location: { lng: 118.7 + n * 0.002, lat: 32.1 }, gridId: GRID_ID, gridPath: GRID, ...over });
  const report = (over: Record<string, unknown> = {}, who = 'worker') => suite.report(who, body(over));
  const get = async (id: string, who = 'commander') => (await suite.http().get(`/api/v1/incidents/${id}`).set(await auth(who)).expect(200)).body;

  beforeAll(async () => {
    suite = await startSuite({ services: ['office'], env: { OFFICE_SWEEP_INTERVAL_MS: '0' } });
  });
  afterAll(async () => {
    await suite?.stop();
  });

  it('answers each route group through the office: categories, report, get, list flags, an action in the path, stats, supervision, diaries', async () => {
    const categories = await suite.http().get('/api/v1/categories').set(await auth('commander')).expect(200);
    expect(categories.body.items.map((c: { code: string }) => c.code)).toContain('exposed_rubbish');
    // Thursday 17:00 in Nanjing, overdue by now (the office's clock, tested in its folder)
    const late = await report({ reportedAt: '2026-09-24T09:00:00.000Z' });
    expect(late).toMatchObject({ state: 'reported', gridPath: GRID, deadline: '2026-09-28T01:00:00.000Z' });
    expect(late.code).toMatch(/^BTQ-\d{8}-\d{4}$/);
    expect((await get(late.id, 'district')).id).toBe(late.id);
    // query strings read as booleans and enums
    const ids = async (query: string) => (await suite.http().get(`/api/v1/incidents?${query}&limit=200`).set(await auth('commander')).expect(200)).body.items.map((x: { id: string }) => x.id);
    expect(await ids('overdue=true')).toContain(late.id);
    expect(await ids('overdue=false')).not.toContain(late.id);
    expect(await ids('light=red')).toContain(late.id);
    await suite.http().post('/api/v1/supervision/sweep').set(await auth('worker')).expect(403);
    const sweep = await suite.http().post('/api/v1/supervision/sweep').set(await auth('commander')).expect(200);
    expect(sweep.body.incidentIds).toContain(late.id);
    // the action is the path's last segment
    expect((await suite.act(late.id, 'register', 'commander')).state).toBe('registered');
    expect((await suite.act(late.id, 'dispatch', 'commander', { unit: 'enforcement' })).state).toBe('dispatched');
    const stats = await suite.http().get(`/api/v1/stats/key-areas?root=${STREET}`).set(await auth('commander')).expect(200);
    expect(stats.body.total.found).toBeGreaterThan(0);
    const trend = await suite.http().get('/api/v1/stats/key-areas/daily?from=2026-09-01&to=2026-09-30').set(await auth('commander')).expect(200);
    expect(trend.body.days).toHaveLength(30);
    expect(trend.body.total.reduce((a: number, b: number) => a + b, 0)).toBeGreaterThan(0); // the late report's day
    const far = await suite.http().get('/api/v1/stats/key-areas/daily?from=2026-01-01&to=2026-06-01').set(await auth('commander')).expect(400);
    expect(JSON.stringify(far.body)).toContain('to');
    const open = await suite.http().get('/api/v1/stats/open-by-grid?level=compound').set(await auth('commander')).expect(200);
    expect(open.body.root).toBe(STREET);
    const house = await suite.http().get('/api/v1/stats/open-by-grid?level=house').set(await auth('commander')).expect(400);
    expect(JSON.stringify(house.body)).toContain('level');
    await suite.http().get(`/api/v1/stats/open-by-grid?root=${STREET}`).set(await auth('other-commander')).expect(403);
    const diary = await suite
      .http()
      .post('/api/v1/diaries')
      .set(await auth('worker'))
      .send({ route: '1-10号楼', householdsVisited: 12, problems: [{ title: '5号楼4单元水表井低洼', keyArea: 'other', category: 'low_water_meter_well', address: '5号楼4单元' }] })
      .expect(201);
    expect(diary.body).toMatchObject({ problemsFound: 1, gridPath: GRID });
    const diaries = await suite.http().get(`/api/v1/diaries?root=${GRID}`).set(await auth('commander')).expect(200);
    expect(diaries.body.items[0].id).toBe(diary.body.id);
  });

  it('answers the office’s refusals as HTTP statuses: 400 naming the field, 403, 404, 409 with the state, 422, 503', async () => {
    const badArea = await suite.http().post('/api/v1/incidents').set(await auth('worker')).send(body({ keyArea: 'weather' })).expect(400);
    expect(badArea.body.details.fields[0].field).toBe('keyArea');
    const bad = await suite.http().post('/api/v1/incidents').set(await auth('worker')).send(body({ keyArea: 'other', category: 'no_such' })).expect(422);
    expect(bad.body).toMatchObject({ code: 'OFFICE_CATEGORY_INVALID', details: { field: 'category' } });
    const out = await suite.http().post('/api/v1/incidents').set(await auth('worker')).send(body({ gridPath: `${STREET}.c02.g2_01.g3_01` })).expect(403);
    expect(out.body.code).toBe('OFFICE_OUT_OF_SCOPE');
    const { gridId: _g, gridPath: _p, ...noGrid } = body();
    const down = await suite.http().post('/api/v1/incidents').set(await auth('worker')).send(noGrid).expect(503);
    expect(down.body.code).toBe('SERVICE_UNAVAILABLE');
    const i = await report();
    const illegal = await suite.http().post(`/api/v1/incidents/${i.id}/dispatch`).set(await auth('commander')).send({ unit: 'social' }).expect(409);
    expect(illegal.body).toMatchObject({ code: 'ILLEGAL_TRANSITION', details: { currentState: 'reported', action: 'dispatch' } });
    await suite.http().post(`/api/v1/incidents/${i.id}/register`).set(await auth('worker')).send({}).expect(403);
    await suite.http().get(`/api/v1/incidents/${i.id}`).set(await auth('other-commander')).expect(404);
    const badAction = await suite.http().post(`/api/v1/incidents/${i.id}/explode`).set(await auth('commander')).send({}).expect(400);
    expect(badAction.body.code).toBe('VALIDATION_FAILED');
    const noReason = await suite.http().post(`/api/v1/incidents/${i.id}/reject`).set(await auth('commander')).send({}).expect(400);
    expect(noReason.body.details.fields[0].field).toBe('reason');
    const since = await suite.http().get('/api/v1/incidents?updatedSince=yesterday').set(await auth('commander')).expect(400);
    expect(since.body.details.fields[0].field).toBe('updatedSince');
    await suite.http().get('/api/v1/incidents?state=bogus').set(await auth('commander')).expect(400);
  });

  it('exports the ledger as XLSX', async () => {
    const res = await suite.http().get('/api/v1/incidents.xlsx?keyArea=other').set(await auth('commander')).buffer(true).parse(binaryBody).expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect((res.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="?ledger-\d{4}-\d{2}-\d{2}\.xlsx/);
    expect(Number(res.headers['x-ledger-rows'])).toBeGreaterThan(0);
    expect(res.headers['x-ledger-truncated']).toBe('false');
    // The download is the office's workbook as built (its rows by code are tested in the office's folder).
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    const ws = wb.getWorksheet('台账 Ledger')!;
    expect(ws.getRow(1).getCell(1).value).toBe('编号 Code');
    expect(ws.actualRowCount - 1).toBe(Number(res.headers['x-ledger-rows']));
    await suite.http().get('/api/v1/incidents/export.xlsx?keyArea=other').set(await auth('commander')).expect(200).expect('content-type', /spreadsheetml/);
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
});

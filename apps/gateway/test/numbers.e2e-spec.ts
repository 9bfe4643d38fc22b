import ExcelJS from 'exceljs';
import { monthDays, streetCalendar } from '@grid122/calendar';
import { binaryBody, startSuite, STREET, Suite } from './support/suite';

/**
 * One set of numbers (docs/metrics.md) end to end: the ledger, the hub's office panel and the monthly
 * notice agree for the month, for the street and a community; and what the routes add to the
 * office's definitions — a source reference's existing incident as 200, a bare date in the query as
 * the street's day and the download named by it, the merge action's statuses, a malformed month or
 * date as 400 naming the field and format. The definitions themselves (solved, rework, resolution
 * level, duplicates and merges in the counts, the street day in lists and the workbook) are the
 * office's: apps/office/test/incidents.e2e-spec.ts, "one definition per figure".
 */
describe('one set of numbers: ledger = hub = notice, one definition each', () => {
  let suite: Suite;
  const L3 = `${STREET}.c01.g2_01.g3_01`;
  const auth = async (who: string) => ({ authorization: `Bearer ${await suite.token(who)}` });
  let n = 0;
  const report = async (over: Record<string, unknown> = {}) => {
    n += 1;
    const res = await suite
      .http()
      .post('/api/v1/incidents')
      .set(await auth('commander'))
      .send({ source: 'grid_patrol', title: `楼道堆物 ${n}`, keyArea: 'production_safety', category: 'ebike_illegal_charging', address: `${n}栋`, gridPath: L3, ...over });
    if (res.status !== 201 && res.status !== 200) throw new Error(`report: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  };
  const month = streetCalendar().thisMonth();
  const { from, to } = monthDays(month);
  const ledger = async () => (await suite.http().get(`/api/v1/stats/key-areas?from=${from}&to=${to}&root=${STREET}`).set(await auth('commander')).expect(200)).body;

  const ids: Record<string, string> = {};
  beforeAll(async () => {
    suite = await startSuite({ services: ['office', 'appraisal'], env: { OFFICE_SWEEP_INTERVAL_MS: '0' } });
    ids.fixed = (await report()).body.id;
    ids.notOurs = (await report()).body.id;
    ids.notFixed = (await report()).body.id;
    ids.open = (await report()).body.id;
    for (const id of [ids.fixed, ids.notOurs, ids.notFixed]) await suite.toVerified(id, '已清理');
    await suite.act(ids.fixed, 'close', 'commander', { closureType: 'fixed' });
    await suite.act(ids.notOurs, 'close', 'commander', { closureType: 'not_responsible', responsibleParty: '供电公司' });
    await suite.act(ids.notFixed, 'close', 'commander', { closureType: 'closed_not_fixed', reason: '条件不具备' });
  }, 120_000);
  afterAll(() => suite?.stop());

  it('prints the ledger in the monthly notice and the hub office panel, for the street and a community', async () => {
    for (const root of [STREET, `${STREET}.c01`, `${STREET}.c02`]) {
      const l = (await suite.http().get(`/api/v1/stats/key-areas?from=${from}&to=${to}&root=${root}`).set(await auth('commander')).expect(200)).body;
      const notice = (await suite.http().get(`/api/v1/appraisal/notices?month=${month}&gridPath=${root}`).set(await auth('commander')).expect(200)).body;
      expect(notice.keyAreas.map((k: { keyArea: string; found: number; solved: number }) => [k.keyArea, k.found, k.solved])).toEqual(
        l.rows.map((r: { keyArea: string; found: number; solved: number }) => [r.keyArea, r.found, r.solved]),
      );
      expect(notice.totals).toEqual({ found: l.total.found, solved: l.total.solved, rate: l.total.closureRate ?? 0 });
    }
    const hub = (await suite.http().get('/api/v1/hub?period=month').set(await auth('commander')).expect(200)).body;
    const office = hub.panels.office.figures;
    const l = await ledger();
    expect(office).toMatchObject({ found: l.total.found, registered: l.counts.registered, closed: l.counts.closed, closureRate: l.rates.closure });
  });

  it('answers a second report of the same source reference with the existing incident as 200, a new one as 201', async () => {
    const first = await report({ source: 'hotline_12345', sourceRef: 'GD-2026-000123' });
    expect(first.status).toBe(201);
    const again = await report({ source: 'hotline_12345', sourceRef: 'GD-2026-000123', title: '同一工单再次推送' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, code: first.body.code, existing: true });
    const other = await report({ source: 'mayor_hotline', sourceRef: 'GD-2026-000123' });
    expect(other.status).toBe(201);
  });

  it('takes a bare date in the query as the street day (a report at 00:01 Beijing is in ?from=today) and names the download by the street day', async () => {
    const cal = streetCalendar();
    const today = cal.today();
    const early = new Date(cal.dayStart(today).getTime() + 60_000);
    if (early.getTime() > Date.now()) return; // the first minute of the street's day: nothing to test yet
    const res = await report({ reportedAt: early.toISOString(), title: '凌晨上报' });
    const list = async (q: string) => (await suite.http().get(`/api/v1/incidents?${q}&limit=200`).set(await auth('commander')).expect(200)).body.items.map((i: { id: string }) => i.id);
    expect(await list(`from=${today}`)).toContain(res.body.id);

    // The ledger export is named by the street's day (its rows' wall time is the office's workbook).
    const xlsx = await suite
      .http()
      .get(`/api/v1/incidents.xlsx?from=${today}&to=${today}`)
      .set(await auth('commander'))
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    expect(xlsx.headers['content-disposition']).toContain(`ledger-${today}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    const ws = wb.worksheets[0];
    expect(ws.getRows(2, ws.rowCount - 1)!.map((r) => r.getCell(1).text)).toContain(res.body.code);
  });

  it('merges and unmerges through the action route: 404 naming originalId, 400 without it, 403 for a worker', async () => {
    const original = (await report({ title: '小区门口电动车飞线充电' })).body;
    const repeat = (await report({ title: '门口有人拉线给电动车充电' })).body;
    const self = await suite.http().post(`/api/v1/incidents/${repeat.id}/merge`).set(await auth('commander')).send({ originalId: repeat.id }).expect(404);
    expect(self.body.details.field).toBe('originalId');
    const missing = await suite.http().post(`/api/v1/incidents/${repeat.id}/merge`).set(await auth('commander')).send({}).expect(400);
    expect(JSON.stringify(missing.body)).toMatch(/originalId/);
    await suite.http().post(`/api/v1/incidents/${repeat.id}/merge`).set(await auth('worker')).send({ originalId: original.id }).expect(403);
    expect(await suite.act(repeat.id, 'merge', 'commander', { originalId: original.id, note: '同一地点同一问题' })).toMatchObject({ state: 'duplicate', duplicateOfId: original.id });
    expect(await suite.act(repeat.id, 'unmerge', 'commander', { reason: '并非同一问题' })).toMatchObject({ state: 'reported', duplicateOfId: null });
  });

  it('refuses a malformed month or date, naming the field and the format', async () => {
    const res = await suite.http().get('/api/v1/appraisal/notices?month=2026-13').set(await auth('commander')).expect(400);
    expect(JSON.stringify(res.body)).toMatch(/month/);
    expect(JSON.stringify(res.body)).toMatch(/YYYY-MM/);
    for (const url of ['/api/v1/stats/key-areas?from=2026-1-5', '/api/v1/incidents?to=yesterday']) {
      const bad = await suite.http().get(url).set(await auth('commander')).expect(400);
      const field = url.includes('from=') ? 'from' : 'to';
      expect(bad.body.details.fields[0]).toMatchObject({ field, messages: [expect.stringMatching(/YYYY-MM-DD/)] });
    }
  });
});

import ExcelJS from 'exceljs';
import { monthDays, streetCalendar } from '@grid122/calendar';
import { startSuite, STREET, Suite } from './support/suite';

/**
 * One set of numbers (docs/metrics.md): the ledger, the hub's office panel and the monthly notice
 * agree for the month; solved, rework, resolution level and on time follow their one definition;
 * a source's reference is idempotent; a bare date is the street's day.
 */
describe('one set of numbers: ledger = hub = notice, one definition each', () => {
  let suite: Suite;
  const L3 = `${STREET}.c01.g2_01.g3_01`;
  const auth = async (who: string) => ({ authorization: `Bearer ${await suite.token(who)}` });
  const act = async (id: string, action: string, who: string, body: Record<string, unknown> = {}) => {
    const res = await suite.http().post(`/api/v1/incidents/${id}/${action}`).set(await auth(who)).send(body);
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
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
  const toVerified = async (id: string) => {
    await act(id, 'register', 'commander');
    await act(id, 'dispatch', 'commander', { unit: 'enforcement' });
    await act(id, 'accept', 'enforcement');
    await act(id, 'handle', 'enforcement', { result: '已清理' });
    await act(id, 'verify', 'worker');
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
    for (const id of [ids.fixed, ids.notOurs, ids.notFixed]) await toVerified(id);
    await act(ids.fixed, 'close', 'commander', { closureType: 'fixed' });
    await act(ids.notOurs, 'close', 'commander', { closureType: 'not_responsible', responsibleParty: '供电公司' });
    await act(ids.notFixed, 'close', 'commander', { closureType: 'closed_not_fixed', reason: '条件不具备' });
  }, 120_000);
  afterAll(() => suite?.stop());

  it('solves only by a fix, and gives a resolution level only to a solved case', async () => {
    const l = await ledger();
    const safety = l.rows.find((r: { keyArea: string }) => r.keyArea === 'production_safety');
    expect(safety).toMatchObject({ found: 4, solved: 1, closureRate: 25 });
    expect(l.counts).toMatchObject({ registered: 3, closed: 3, handled: 3, misregistered: 1 });
    expect(l.resolutionCounts).toEqual({ grid: 0, community: 0, street: 1, district: 0 });
    expect(l.resolutionLevels.street).toBe(100);
    const notOurs = (await suite.http().get(`/api/v1/incidents/${ids.notOurs}`).set(await auth('commander')).expect(200)).body;
    expect(notOurs.resolutionLevel).toBeNull();
  });

  it('counts rework once per case, and not for reopening a case closed as not ours', async () => {
    await act(ids.notOurs, 'reopen', 'commander', { reason: '责任方认定有误' });
    expect((await ledger()).counts.reworked).toBe(0);
    await act(ids.fixed, 'reopen', 'commander', { reason: '又堆上了' });
    await act(ids.fixed, 'handle', 'enforcement', { result: '再次清理' });
    await act(ids.fixed, 'rework', 'worker', { reason: '仍未清完' });
    const l = await ledger();
    expect(l.counts.reworked).toBe(1);
    expect(l.rates.rework).toBeCloseTo((100 * 1) / 3, 2);
  });

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

  it('answers a second report of the same source reference with the existing incident (200)', async () => {
    const first = await report({ source: 'hotline_12345', sourceRef: 'GD-2026-000123' });
    expect(first.status).toBe(201);
    const again = await report({ source: 'hotline_12345', sourceRef: 'GD-2026-000123', title: '同一工单再次推送' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, code: first.body.code, existing: true });
    const other = await report({ source: 'mayor_hotline', sourceRef: 'GD-2026-000123' });
    expect(other.status).toBe(201);
    const listed = (await suite.http().get('/api/v1/incidents?source=hotline_12345&sourceRef=GD-2026-000123').set(await auth('commander')).expect(200)).body;
    expect(listed.items).toHaveLength(1);
  });

  it('takes a bare date as the street day: a report at 00:01 Beijing is in ?from=today', async () => {
    const cal = streetCalendar();
    const today = cal.today();
    const early = new Date(cal.dayStart(today).getTime() + 60_000);
    if (early.getTime() > Date.now()) return; // the first minute of the street's day: nothing to test yet
    const res = await report({ reportedAt: early.toISOString(), title: '凌晨上报' });
    const list = async (q: string) => (await suite.http().get(`/api/v1/incidents?${q}&limit=200`).set(await auth('commander')).expect(200)).body.items.map((i: { id: string }) => i.id);
    expect(await list(`from=${today}`)).toContain(res.body.id);
    expect(await list(`from=${today}&to=${today}`)).toContain(res.body.id);
    const yesterday = cal.day(cal.dayStart(today).getTime() - 1);
    expect(await list(`to=${yesterday}`)).not.toContain(res.body.id);

    // The ledger export names the street's day and prints the street's wall time.
    const xlsx = await suite
      .http()
      .get(`/api/v1/incidents.xlsx?from=${today}&to=${today}`)
      .set(await auth('commander'))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(xlsx.headers['content-disposition']).toContain(`ledger-${today}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    const ws = wb.worksheets[0];
    const row = ws.getRows(2, ws.rowCount - 1)!.find((r) => r.getCell(1).text === res.body.code)!;
    expect(row.getCell(2).text).toBe(cal.stamp(early));
    expect(row.getCell(2).text.startsWith(today)).toBe(true);
  });

  it('closes a "me too" follower with its original (same outcome, in its history), and reopens it with it', async () => {
    const before = await ledger();
    const place = { location: { lng: 118.7461, lat: 32.0957 }, category: 'blocked_fire_lane' };
    const original = (await report(place)).body;
    const follower = (await report({ ...place, title: '又有人报消防通道堵塞' })).body;
    expect(follower).toMatchObject({ state: 'duplicate', duplicateOfId: original.id });
    const counted = await ledger();
    expect(counted.total.found).toBe(before.total.found + 1);
    expect(counted.counts.duplicates).toBe(before.counts.duplicates + 1);

    await toVerified(original.id);
    await act(original.id, 'close', 'commander', { closureType: 'fixed' });
    const get = async (id: string) => (await suite.http().get(`/api/v1/incidents/${id}`).set(await auth('commander')).expect(200)).body;
    const closed = await get(follower.id);
    expect(closed).toMatchObject({ state: 'duplicate', closureType: 'fixed' });
    expect(closed.closedAt).toEqual(expect.any(String));
    expect(closed.history.map((h: { action: string }) => h.action)).toContain('closed_with_original');
    const after = await ledger();
    expect(after.total).toMatchObject({ found: counted.total.found, solved: counted.total.solved + 1 });
    expect(after.counts.closed).toBe(counted.counts.closed + 1);

    await act(original.id, 'reopen', 'commander', { reason: '通道又被占' });
    const reopened = await get(follower.id);
    expect(reopened).toMatchObject({ state: 'duplicate', closureType: null, closedAt: null });
    expect(reopened.history.map((h: { action: string }) => h.action)).toContain('reopened_with_original');
  });

  it('lets the desk merge a report into its original and unmerge it, with history and the counts following', async () => {
    const before = await ledger();
    const original = (await report({ title: '小区门口电动车飞线充电' })).body;
    const repeat = (await report({ title: '门口有人拉线给电动车充电' })).body;
    expect((await ledger()).total.found).toBe(before.total.found + 2);

    const self = await suite.http().post(`/api/v1/incidents/${repeat.id}/merge`).set(await auth('commander')).send({ originalId: repeat.id }).expect(404);
    expect(self.body.details.field).toBe('originalId');
    const missing = await suite.http().post(`/api/v1/incidents/${repeat.id}/merge`).set(await auth('commander')).send({}).expect(400);
    expect(JSON.stringify(missing.body)).toMatch(/originalId/);
    await suite.http().post(`/api/v1/incidents/${repeat.id}/merge`).set(await auth('worker')).send({ originalId: original.id }).expect(403);

    const merged = await act(repeat.id, 'merge', 'commander', { originalId: original.id, note: '同一地点同一问题' });
    expect(merged).toMatchObject({ state: 'duplicate', duplicateOfId: original.id });
    let l = await ledger();
    expect(l.total.found).toBe(before.total.found + 1);
    expect(l.counts.duplicates).toBe(before.counts.duplicates + 1);
    const get = async (id: string) => (await suite.http().get(`/api/v1/incidents/${id}`).set(await auth('commander')).expect(200)).body;
    expect((await get(original.id)).history.map((h: { action: string }) => h.action)).toContain('duplicate_linked');

    const unmerged = await act(repeat.id, 'unmerge', 'commander', { reason: '并非同一问题' });
    expect(unmerged).toMatchObject({ state: 'reported', duplicateOfId: null });
    l = await ledger();
    expect(l.total.found).toBe(before.total.found + 2);
    expect(l.counts.duplicates).toBe(before.counts.duplicates);
    expect((await get(repeat.id)).history.map((h: { action: string }) => h.action)).toEqual(expect.arrayContaining(['merge', 'unmerge']));
    expect((await get(original.id)).history.map((h: { action: string }) => h.action)).toContain('duplicate_unlinked');
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

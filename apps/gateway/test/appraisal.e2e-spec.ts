import { randomUUID } from 'node:crypto';
import { monthDays, streetCalendar } from '@grid122/calendar';
import { PATROL_RULE, testPlan } from '@grid122/testing';
import { binaryBody, startSuite, STREET, Suite } from './support/suite';

jest.setTimeout(60_000);

/**
 * The appraisal routes as the gateway serves them, a smoke test per route group: roles at the edge,
 * the path parameters (a grade, a person's id as the history's subject), the recompute's query, 400
 * naming the field, the service's codes as 403/404/409/422, the notice as JSON or its downloads —
 * and, end to end with the real office, the notice's key areas equal to the office's ledger. The
 * service's own behaviour is tested in apps/appraisal/test/appraisal.e2e-spec.ts.
 */
describe('appraisal routes (gateway)', () => {
  let suite: Suite;
  const month = streetCalendar().thisMonth();
  const as = async (user: string) => ({ authorization: `Bearer ${await suite.token(user)}` });
  const get = async (user: string, url: string) => suite.http().get(url).set(await as(user));
  const post = async (user: string, url: string, body: object = {}) => suite.http().post(url).set(await as(user)).send(body);

  beforeAll(async () => {
    suite = await startSuite({ services: ['appraisal', 'office'], env: { OFFICE_SWEEP_INTERVAL_MS: '0' } });
  }, 120_000);
  afterAll(() => suite?.stop());

  it('plans and scores: the centre sets plans, an admin recomputes by query, codes as 403/409/422, :grade and :personId into the request', async () => {
    const plan = testPlan(month);
    expect((await post('worker', '/api/v1/appraisal/plans', plan)).status).toBe(403);
    const active = testPlan(month, { closure: 20, onTime: 25, rework: 0 }); // 45 outcome points + 15 of patrol kilometres
    const capped = await post('commander', '/api/v1/appraisal/plans', { ...active, rules: [active.rules[0], active.rules[1], PATROL_RULE] });
    expect(capped.body).toMatchObject({ statusCode: 422, code: 'APPRAISAL_FORMALISM_CAP_EXCEEDED' });
    expect((await post('commander', '/api/v1/appraisal/plans', plan)).body).toMatchObject({ grade: 'T', version: 1, validFrom: month });
    expect((await post('commander', '/api/v1/appraisal/plans', plan)).body).toMatchObject({ statusCode: 409, code: 'CONFLICT' });
    expect((await suite.http().put('/api/v1/appraisal/plans/grid-grades').set(await as('commander')).send({ gridPath: `${STREET}.c01.g2_01`, grade: 'T', name: '一号小区' })).status).toBe(200);
    expect((await get('district', `/api/v1/appraisal/plans/T?month=${month}`)).body).toMatchObject({ grade: 'T', version: 1 });

    expect((await post('commander', `/api/v1/appraisal/scores/recompute?month=${month}`)).status).toBe(403);
    const bad = await post('admin', '/api/v1/appraisal/scores/recompute?month=2026-1');
    expect(bad.status).toBe(400);
    expect(bad.body.details.fields[0].field).toBe('month');
    const recomputed = await post('admin', `/api/v1/appraisal/scores/recompute?month=${month}`);
    expect(recomputed.status).toBe(200);
    expect(recomputed.body.plans).toContainEqual({ grade: 'T', version: 1 });

    expect((await get('commander', `/api/v1/appraisal/scores?month=${month}`)).status).toBe(200);
    expect((await get('commander', `/api/v1/appraisal/scores?month=${month}&gridPath=nj.gulou.nhj`)).body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    const workerId = (await get('worker', '/api/v1/auth/me')).body.id;
    const year = Number(month.slice(0, 4));
    expect((await get('worker', `/api/v1/appraisal/scores/persons/${workerId}?year=${year}`)).body).toMatchObject({ kind: 'person', subject: workerId, year });
  });

  it('surveys and reports: rankings not for workers, 400 naming the field, an unknown survey as 404, the year-end and three rates', async () => {
    expect((await get('worker', `/api/v1/appraisal/rankings?month=${month}&of=compound`)).status).toBe(403);
    expect((await get('commander', `/api/v1/appraisal/rankings?month=${month}&of=compound`)).body).toMatchObject({ month, of: 'compound' });
    const badRating = await post('commander', `/api/v1/appraisal/surveys/${randomUUID()}/answer`, { rating: 9, fixed: false });
    expect(badRating.status).toBe(400);
    expect(badRating.body.details.fields[0].field).toBe('rating');
    expect((await post('commander', `/api/v1/appraisal/surveys/${randomUUID()}/answer`, { rating: 4, fixed: true })).body).toMatchObject({ statusCode: 404, code: 'APPRAISAL_SURVEY_NOT_FOUND' });
    expect((await get('commander', '/api/v1/appraisal/surveys?kind=return_visit')).status).toBe(200);
    expect((await get('worker', '/api/v1/appraisal/year-end?year=2024')).body).toMatchObject({ persons: [], advancedGridTeams: [] });
    expect((await get('commander', `/api/v1/appraisal/three-rates?month=${month}&by=unit`)).body.weights).toEqual({ response: 10, resolution: 45, satisfaction: 45 });
  });

  it("the monthly notice end to end: its key areas are the office ledger's for the month, as JSON, an HTML page and an XLSX download", async () => {
    const report = await post('worker', '/api/v1/incidents', { source: 'grid_patrol', title: '楼道堆物', keyArea: 'other', category: 'exposed_rubbish', gridPath: `${STREET}.c01.g2_01.g3_01`, address: '宝塔桥东街3号楼' });
    expect(report.status).toBe(201);
    const { from, to } = monthDays(month);
    const ledger = (await get('commander', `/api/v1/stats/key-areas?from=${from}&to=${to}`)).body;
    expect(ledger.total.found).toBeGreaterThanOrEqual(1);
    const notice = (await get('commander', `/api/v1/appraisal/notices?month=${month}`)).body;
    expect(notice.keyAreas.map((k: { keyArea: string; found: number; solved: number }) => [k.keyArea, k.found, k.solved])).toEqual(
      ledger.rows.map((r: { keyArea: string; found: number; solved: number }) => [r.keyArea, r.found, r.solved]),
    );
    expect(notice.totals).toMatchObject({ found: ledger.total.found, solved: ledger.total.solved });

    const html = await get('commander', `/api/v1/appraisal/notices?month=${month}&format=html`);
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.text).toMatch(/网格化管理考核通报/);
    const xlsx = await suite
      .http()
      .get(`/api/v1/appraisal/notices?month=${month}&format=xlsx`)
      .set(await as('commander'))
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
    expect(xlsx.headers['content-disposition']).toContain(`notice-${month}.xlsx`);
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
  });
});

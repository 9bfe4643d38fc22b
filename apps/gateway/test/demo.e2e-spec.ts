import { addMonths, monthDays, streetCalendar } from '@grid122/calendar';
import { demoAccountsScope, demoStreet, centroid } from '@grid122/demo-street';
import { loadIdentityEnv } from '../../identity/src/config/identity.env';
import { seedDemo as seedIdentity } from '../../identity/src/database/seed';
import { seedDemoStreet } from './support/demo-seed';
import { startSuite, Suite } from './support/suite';

/**
 * What `npm start` gives a person: every service seeded with the demo street, logged in with the
 * demo accounts and password, and the services working together on that data (a worker's report
 * located by the registry to their own grid, the figures non-empty, each panel of the hub ok).
 */
describe('the demo street, as npm start seeds it', () => {
  let suite: Suite;
  const scope = demoAccountsScope();
  const DEMO_PASSWORD = 'demo-password-for-test';
  const login = async (username: string) => {
    const res = await suite.http().post('/api/v1/auth/login').send({ username, password: DEMO_PASSWORD });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return { authorization: `Bearer ${res.body.accessToken}` };
  };

  beforeAll(async () => {
    suite = await startSuite();
    const env = loadIdentityEnv({ ...process.env, DEMO_MODE: 'true', DEMO_PASSWORD });
    await seedIdentity(await suite.dataSource('identity'), env);
    await seedDemoStreet(suite);
  }, 300_000);
  afterAll(() => suite?.stop());

  it('logs every demo account in with the demo password', async () => {
    for (const u of ['admin', 'district', 'commander', 'organisation', 'petitions', 'social', 'enforcement', 'liaison', 'worker', 'community', 'auditor', 'security']) {
      await login(u);
    }
  });

  it('shows the street: 12 communities, 68 compounds, 247 building clusters, and a full ledger', async () => {
    const h = await login('commander');
    const l1 = await suite.http().get('/api/v1/grids?level=community&limit=100').set(h).expect(200);
    expect(l1.body.items).toHaveLength(12);
    const stats = await suite.http().get('/api/v1/stats/key-areas').set(h).expect(200);
    expect(stats.body.total.found).toBeGreaterThan(1000);
    expect(stats.body.rows).toHaveLength(7);
  });

  it("locates a grid worker's report to their own grid through the registry", async () => {
    const h = await login('worker');
    const grid = demoStreet().grids.find((g) => g.path === scope.gridWorker.path)!;
    const [lng, lat] = centroid(grid.polygon as never);
    const res = await suite
      .http()
      .post('/api/v1/incidents')
      .set(h)
      .send({ source: 'grid_patrol', title: '5栋4单元水表井低洼', keyArea: 'other', category: 'low_water_meter_well', location: { lng, lat } })
      .expect(201);
    expect(res.body.gridPath).toBe(scope.gridWorker.path);
  });

  it('assembles the hub with every unit of "122" ok', async () => {
    const h = await login('commander');
    const res = await suite.http().get('/api/v1/hub?period=month').set(h).expect(200);
    for (const part of ['office', 'organisation', 'petitions', 'social', 'enforcement', 'appraisal']) {
      expect({ part, status: res.body.panels[part].status }).toEqual({ part, status: 'ok' });
    }
    expect(res.body.panels.office.figures.found).toBeGreaterThan(0);
  });

  it('gives the hub a meaningful 督查 panel: last month\'s diaries filed, spot-checked and graded, meetings held and attended, few overdue', async () => {
    const h = await login('commander');
    const cal = streetCalendar();
    const month = addMonths(cal.thisMonth(), -1);
    const hub = await suite.hub(h, `period=month&date=${monthDays(month).to}`);
    const diaries = hub.panels.office.figures.diaries;
    expect(diaries.month).toBe(month);
    expect(diaries.totals.completeness).toBeGreaterThan(0.8);
    expect(diaries.totals.completeness).toBeLessThan(0.97);
    expect(diaries.totals.checks).toBeGreaterThan(0.08 * diaries.totals.filedDays); // the share (10%) of the seeded diaries
    expect(diaries.totals.graded).toBe(diaries.totals.checks); // graded by the 4th of this month
    expect(diaries.totals.averagePoints).toBeGreaterThan(60);
    if (cal.today() > `${cal.thisMonth()}-05`) expect(diaries.publishedAt).not.toBeNull();
    const meetings = hub.panels.organisation.figures.meetings;
    expect(meetings.month).toBe(month);
    expect(meetings.held).toBeGreaterThan(200);
    for (const kind of ['street_leadership', 'community_briefing', 'community_leadership', 'compound_heads']) {
      expect({ kind, held: meetings.byKind.find((k: { kind: string }) => k.kind === kind).held > 0 }).toEqual({ kind, held: true });
    }
    expect(meetings.attendanceRate).toBeGreaterThan(0.85);
    expect(meetings.attendanceRate).toBeLessThan(0.99);
    expect(meetings.decisions.done / meetings.decisions.made).toBeGreaterThan(0.7);
    // 161 meetings fall due on the street (1 + 12 × 2 + 68 × 2): a few lapsed, not all of them.
    const overdue = (await suite.http().get('/api/v1/meetings/overdue').set(h).expect(200)).body.items;
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.length).toBeLessThanOrEqual(10);
    expect(meetings.overdueMeetings).toBe(overdue.length);
    // today: a working day expects every grid head of levels 1-3; nobody files ahead
    const today = (await suite.hub(h, 'period=today')).panels.office.figures.diaries.day;
    if (today.workingDay) expect(today.expected).toBe(12 + 68 + 247);
    expect(today.filed).toBeLessThanOrEqual(today.expected);
  });

  it("prints, for each past month, the month's ledger in the demo's notice", async () => {
    const h = await login('commander');
    const cal = streetCalendar();
    for (const n of [1, 2, 3]) {
      const month = addMonths(cal.thisMonth(), -n);
      const { from, to } = monthDays(month);
      const ledger = (await suite.http().get(`/api/v1/stats/key-areas?from=${from}&to=${to}`).set(h).expect(200)).body;
      const notice = (await suite.http().get(`/api/v1/appraisal/notices?month=${month}`).set(h).expect(200)).body;
      expect(ledger.total.found).toBeGreaterThan(0);
      expect([month, notice.totals.found, notice.totals.solved]).toEqual([month, ledger.total.found, ledger.total.solved]);
    }
  });

  it('dates no demo record in the future (what happened lies in the past; only plans and limits lie ahead)', async () => {
    // Columns that legitimately hold the future: limits, due dates, plans and validity ends.
    const AHEAD = /deadline|yellow_at|due|comply_by|next_|starts_at|ends_at|expires|valid|until|scheduled|planned|slot|^ends?_|_to$|retry|lease|not_before|reply_by/;
    const late: string[] = [];
    const seen = new Set<string>();
    for (const service of ['gateway', 'grid-registry', 'office', 'petitions', 'enforcement', 'social-services', 'appraisal'] as const) {
      const ds = await suite.dataSource(service);
      const cols: { table_schema: string; table_name: string; column_name: string; data_type: string }[] = await ds.query(
        `SELECT c.table_schema, c.table_name, c.column_name, c.data_type FROM information_schema.columns c
           JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
          WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema', 'public', 'tiger', 'topology')
            AND c.data_type IN ('timestamp with time zone', 'date')`,
      );
      for (const c of cols) {
        const key = `${c.table_schema}.${c.table_name}.${c.column_name}`;
        if (AHEAD.test(c.column_name) || seen.has(key)) continue; // the services may share one database
        seen.add(key);
        const limit = c.data_type === 'date' ? `(now() AT TIME ZONE '${streetCalendar().zone}')::date` : `now() + interval '1 minute'`;
        const [r] = await ds.query(`SELECT count(*)::int AS n, max("${c.column_name}")::text AS latest FROM "${c.table_schema}"."${c.table_name}" WHERE "${c.column_name}" > ${limit}`);
        if (r.n > 0) late.push(`${c.table_schema}.${c.table_name}.${c.column_name} (${r.n}, latest ${r.latest})`);
      }
    }
    expect([...new Set(late)]).toEqual([]);
  });

  it("gives the demo worker their own appraisal scores", async () => {
    const h = await login('worker');
    const me = await suite.http().get('/api/v1/auth/me').set(h).expect(200);
    expect(me.body.id).toBe(scope.gridWorker.personId);
    const month = addMonths(streetCalendar().thisMonth(), -1);
    const res = await suite.http().get(`/api/v1/appraisal/scores?month=${month}`).set(h).expect(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.map((i: { subject: string }) => i.subject)).toEqual([scope.gridWorker.personId]);
  });
});

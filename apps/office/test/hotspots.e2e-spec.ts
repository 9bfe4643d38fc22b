import { AdoptTheme, AnalyseHotspots, ERROR_HTTP_STATUS, GetIncident, GetTheme, ListRecurrences, ListSpikes, ListThemes, OfficeErrorCode, RecurrenceSummary, ReportIncident, ThemeCandidates, TransitionIncident } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { eventually, serviceUnderTest, TEST_OTHER_STREET as OTHER_STREET, TEST_STREET as STREET, TestRequest } from '@grid122/testing';
import { periodsEndingBy } from '../src/hotspot/periods';
import { officeBesideRegistry } from './support/office-beside-registry';

jest.setTimeout(120_000);

/** The HTTP status a refusal's code stands for. */
const statusOf = (e: AppError) => ERROR_HTTP_STATUS[e.code as keyof typeof ERROR_HTTP_STATUS];

/**
 * Recurrence, spikes, hot spots and the month's theme (复发、突增、热点、每月一题, issue 26) through
 * the office's contracts, with the real grid registry beside it on the demo street (its polygons
 * place the reports, its neighbours and names feed Gi*). The routes (edge roles, 400 naming the
 * field) and the theme in appraisal's notice are the gateway's hotspots spec.
 */
describe('office: recurrence, spikes and hotspots', () => {
  const svc = serviceUnderTest(officeBesideRegistry());
  let grids: { id: string; path: string; lng: number; lat: number }[] = [];
  let n = 0;

  const report = (over: TestRequest<ReportIncident.Request>) => {
    n += 1;
    return svc().call(ReportIncident, { source: 'grid_patrol', title: `暴露垃圾 ${n}`, keyArea: 'other', category: 'exposed_rubbish', ...over }, 'commander');
  };
  const act = (incidentId: string, action: string, b: Record<string, string> = {}) => svc().call(TransitionIncident, { ...b, incidentId, action }, 'commander');
  const registerAndClose = async (id: string) => {
    await act(id, 'register');
    await act(id, 'close', { closureType: 'referred', note: '已移交物业' });
  };
  const office = () => svc().ds;
  const closedPlaceRecorded = (id: string) =>
    eventually(async () => {
      const rows = await office().query(`SELECT 1 FROM office.recurrence_places WHERE incident_id = $1`, [id]);
      expect(rows).toHaveLength(1);
    });
  const aCategoryOf = async (keyArea: string): Promise<string> => (await office().query(`SELECT code FROM office.categories WHERE key_area = $1 ORDER BY sort LIMIT 1`, [keyArea]))[0].code;

  beforeAll(async () => {
    grids = (
      await svc()
        .besideData('grid-registry')
        .query(
          `SELECT id, path::text AS path, ST_X(ST_PointOnSurface(polygon)) AS lng, ST_Y(ST_PointOnSurface(polygon)) AS lat
           FROM registry.grids WHERE level = 'building_cluster' AND path <@ $1::ltree ORDER BY path`,
          [STREET],
        )
    ).map((g: { id: string; path: string; lng: string; lat: string }) => ({ ...g, lng: Number(g.lng), lat: Number(g.lat) }));
  });

  it('marks a problem reported again at the same spot after closure as recurring, linked to its predecessors', async () => {
    const g = grids[0];
    const first = await report({ location: { lng: g.lng, lat: g.lat } });
    expect(first.gridPath).toBe(g.path); // placed by the registry's polygons
    await registerAndClose(first.id);
    await closedPlaceRecorded(first.id);
    // 10 m away, same category: back after closure.
    const second = await report({ location: { lng: g.lng + 0.0001, lat: g.lat } });
    await eventually(async () => {
      const [row] = await office().query(`SELECT recurrence_of FROM office.incidents WHERE id = $1`, [second.id]);
      expect(row.recurrence_of).toBe(first.id);
    });
    await registerAndClose(second.id);
    await closedPlaceRecorded(second.id);
    const third = await report({ location: { lng: g.lng, lat: g.lat + 0.0001 } });
    await eventually(async () => {
      const res = await svc().call(ListRecurrences, { root: STREET }, 'commander');
      const item = res.items.find((i) => i.id === third.id);
      expect(item).toBeDefined();
      expect(item!.predecessors.map((p) => p.code)).toEqual([second.code, first.code]);
      expect(item!.categoryName).toBe('暴露垃圾');
      expect(item!.gapDays).toBeLessThan(1);
    });
    // The incident's own history says so, and another category at the spot is not a recurrence.
    expect(JSON.stringify(await svc().call(GetIncident, { id: third.id }, 'commander'))).toContain(`复发 recurring: ${second.code}`);
    const other = await report({ keyArea: 'illegal_construction', category: await aCategoryOf('illegal_construction'), location: { lng: g.lng, lat: g.lat } });
    await eventually(async () => {
      const [row] = await office().query(`SELECT count(*)::int AS n FROM office.category_daily WHERE category <> 'exposed_rubbish'`);
      expect(row.n).toBeGreaterThan(0);
    });
    const [o] = await office().query(`SELECT recurrence_of FROM office.incidents WHERE id = $1`, [other.id]);
    expect(o.recurrence_of).toBeNull();
  });

  it('counts per place and category, with 30天复发率 beside 返工率, and the same building by address', async () => {
    const g = grids[5];
    const a = await report({ address: '建中街 18 号楼 2 单元', gridId: g.id, gridPath: g.path });
    await registerAndClose(a.id);
    await closedPlaceRecorded(a.id);
    const b = await report({ address: '建中街18号楼2单元。', gridId: g.id, gridPath: g.path });
    await eventually(async () => {
      const [row] = await office().query(`SELECT recurrence_of FROM office.incidents WHERE id = $1`, [b.id]);
      expect(row.recurrence_of).toBe(a.id);
    });
    const res = await svc().call(RecurrenceSummary, { root: STREET, level: 'building_cluster', category: 'exposed_rubbish' }, 'commander');
    // Reference: straight from the incident rows.
    const [want] = await office().query(
      `SELECT count(*) FILTER (WHERE recurrence_of IS NOT NULL)::int AS recurring, count(*) FILTER (WHERE state = 'closed')::int AS closed,
              count(*) FILTER (WHERE state = 'closed' AND recurred_at - closed_at <= interval '30 days')::int AS back
       FROM office.incidents WHERE category = 'exposed_rubbish' AND state <> 'duplicate'`,
    );
    expect(res.total).toMatchObject({ recurring: want.recurring, recurringQuick: want.recurring, closed: want.closed, cameBackQuick: want.back });
    expect(want.recurring).toBe(3);
    expect(res.total.quickRecurrenceRate).toBe(Math.round((want.back / want.closed) * 10000) / 100);
    expect(res.total).toHaveProperty('reworkRate', null); // a category: the ledger keeps 返工率 per key area
    const row = res.rows.find((r) => r.place.path === g.path);
    expect(row).toMatchObject({ recurring: 1, categoryName: '暴露垃圾' });
    expect(row!.place.name).not.toBe(g.path.split('.').pop()); // the registry's name, not the path label
    const all = await svc().call(RecurrenceSummary, { root: STREET }, 'commander');
    expect(all.total).toHaveProperty('reworkRate');
    expect(all.level).toBe('community');
  });

  it('raises a spike when a category jumps in a grid today, with the expected and observed counts, once', async () => {
    const g = grids[10];
    for (let i = 0; i < 5; i++) await report({ address: `第${i + 1}处 楼道堆物`, gridId: g.id, gridPath: g.path, category: 'exposed_rubbish' });
    const res = await eventually(async () => {
      const r = await svc().call(ListSpikes, { root: g.path }, 'commander');
      expect(r.items.find((s) => s.placeLevel === 'grid')).toBeDefined();
      return r;
    });
    const spike = res.items.find((s) => s.placeLevel === 'grid')!;
    // Nothing in the 8 weeks before: expected is the floor 0.2; P(X ≥ 4 | 0.2) < 0.001 raises at the 4th report.
    expect(spike).toMatchObject({ placePath: g.path, category: 'exposed_rubbish', categoryName: '暴露垃圾', expected: 0.2 });
    expect(spike.observed).toBeGreaterThanOrEqual(4);
    expect(res.model).toContain('Poisson');
    await eventually(async () => {
      const events = await office().query(`SELECT event->'data' AS data FROM office.outbox WHERE type = 'office.spike.detected' AND event->'data'->>'placePath' = $1`, [g.path]);
      expect(events).toHaveLength(1);
      expect(events[0].data).toMatchObject({ observed: 4, expected: 0.2 });
    });
    expect(statusOf(await svc().refusal(ListSpikes, { root: OTHER_STREET }, 'commander'))).toBe(403);
  });

  it('finds a planted hot spot over the registry neighbours, from the ledger counters, and checks the counts', async () => {
    const centre = grids[Math.floor(grids.length / 2)];
    const near: { path: string }[] = await svc()
      .besideData('grid-registry')
      .query(
        `SELECT b.path::text AS path FROM registry.grids a JOIN registry.grids b ON b.level = 'building_cluster' AND b.id <> a.id AND ST_DWithin(a.polygon, b.polygon, 0.000001)
         WHERE a.id = $1`,
        [centre.id],
      );
    expect(near.length).toBeGreaterThan(0);
    const planted = new Set([centre.path, ...near.map((x) => x.path)]);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const weeks = periodsEndingBy(today, 'week', 12);
    // A generated history: a little noise everywhere, the block around `centre` busy in the last 3 weeks.
    const category = await aCategoryOf('production_safety');
    const rows: { category: string; grid_path: string; day: string; found: number }[] = [];
    let seed = 1;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    weeks.forEach(([monday], t) => {
      for (const g of grids) {
        const found = (rand() < 0.5 ? 1 : 0) + (planted.has(g.path) && t >= weeks.length - 3 ? 12 : 0);
        if (found) rows.push({ category, grid_path: g.path, day: monday, found });
      }
    });
    await office().query(
      `INSERT INTO office.category_daily (category, grid_path, day, key_area, community_path, found)
       SELECT r.category, r.grid_path::ltree, r.day, 'production_safety', subpath(r.grid_path::ltree, 0, 4), r.found FROM jsonb_to_recordset($1::jsonb) AS r(category text, grid_path text, day date, found int)`,
      [JSON.stringify(rows)],
    );
    const res = await svc().call(AnalyseHotspots, { root: STREET, level: 'building_cluster', category, period: 'week', periods: 12 }, 'commander');
    expect(res.periods).toEqual(weeks);
    const hit = res.places.find((p) => p.path === centre.path)!;
    expect(hit).toMatchObject({ kind: 'hot', pattern: 'consecutive', hotBins: 3 });
    expect(hit.label.zh).toBe('连续热点');
    expect(hit.reason).toContain('Mann-Kendall');
    // Mann-Kendall S of its counts, straight from the definition.
    let S = 0;
    hit.counts.forEach((a, k) => hit.counts.slice(k + 1).forEach((b) => (S += Math.sign(b - a))));
    expect(hit.countTrend.s).toBe(S);
    expect(S).toBeGreaterThan(0);
    // Counts per place and week equal the rows planted (the reference).
    const planted12 = rows.filter((r) => r.grid_path === centre.path).map((r) => r.found);
    expect(hit.counts.reduce((a, b) => a + b, 0)).toBe(planted12.reduce((a, b) => a + b, 0));
    // Far from the block, the noise is not flagged as hot.
    const far = res.places.filter((p) => !planted.has(p.path) && p.kind === 'hot' && p.hotBins > 1);
    expect(far.length).toBeLessThanOrEqual(Math.ceil(0.1 * grids.length));
    expect(res.summary.find((s) => s.pattern === 'consecutive')!.places).toBeGreaterThan(0);
    // By key area (the ledger's daily counters) too, and never outside the caller's scope.
    await svc().call(AnalyseHotspots, { root: STREET, level: 'community', keyArea: 'other', period: 'month' }, 'commander');
    expect((await svc().refusal(AnalyseHotspots, { root: OTHER_STREET }, 'commander')).code).toBe(OfficeErrorCode.OutOfScope);
    expect(await svc().invalidField(AnalyseHotspots, { level: 'planet' }, 'commander')).toBe('level');
  });

  it('proposes the month’s theme (每月一题) with its evidence, adopts it once, and measures its before/after', async () => {
    const ds = office();
    const category = await aCategoryOf('illegal_business');
    const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' });
    const today = fmt.format(new Date());
    const shift = (day: string, k: number) => fmt.format(new Date(Date.parse(`${day}T12:00:00+08:00`) + k * 86_400_000));
    const thisMonth = today.slice(0, 7);
    const lastMonth = shift(`${thisMonth}-01`, -1).slice(0, 7);
    const windowFrom = shift(`${shift(`${shift(`${lastMonth}-01`, -1).slice(0, 7)}-01`, -1).slice(0, 7)}-01`, 0);
    const places = grids.slice(20, 26).map((g) => g.path);
    // A generated history: the category rising over three months at six grids, some of it recurring.
    const rows: { grid_path: string; day: string; found: number; recurring: number }[] = [];
    for (let d = windowFrom, i = 0; d <= today; d = shift(d, 1), i++) {
      places.forEach((grid_path, k) => rows.push({ grid_path, day: d, found: 1 + Math.floor(i / 30), recurring: (i + k) % 3 === 0 ? 1 : 0 }));
    }
    await ds.query(
      `INSERT INTO office.category_daily (category, grid_path, day, key_area, community_path, found, recurring)
       SELECT $2, r.grid_path::ltree, r.day, 'illegal_business', subpath(r.grid_path::ltree, 0, 4), r.found, r.recurring
       FROM jsonb_to_recordset($1::jsonb) AS r(grid_path text, day date, found int, recurring int)`,
      [JSON.stringify(rows), category],
    );
    const res = await svc().call(ThemeCandidates, { root: STREET, month: lastMonth }, 'commander');
    // (the hotspot test's planted category is a candidate too: widespread)
    const scores = res.candidates.map((c) => c.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const top = res.candidates.find((c) => c.category === category)!;
    expect(top).toBeDefined();
    expect(top.reasons).toEqual(['recurring', 'widespread', 'rising']);
    expect(top.reasonLabels).toEqual(['反复发生', '多点分布', '呈上升趋势']);
    const [want] = await ds.query(
      `SELECT sum(found)::int AS found, sum(recurring)::int AS recurring, count(DISTINCT grid_path)::int AS places FROM office.category_daily
       WHERE category = $1 AND day >= $2::date AND day <= $3::date`,
      [category, top.evidence.window[0], top.evidence.window[1]],
    );
    expect(top.evidence).toMatchObject({ found: want.found, recurring: want.recurring, places: 6, previousFound: 0 });
    expect(top.evidence.topPlaces).toHaveLength(5);
    expect(top.evidence.trend.trend).toBe('up');

    const body = { category, title: '占道经营专项治理', ownerName: '王主任', units: ['enforcement'], departments: ['区城管局'], targetReductionPct: 30, deadline: shift(today, 60) };
    const adopted = await svc().call(AdoptTheme, body, 'commander');
    expect(adopted).toMatchObject({ month: thisMonth, title: '占道经营专项治理', units: [{ code: 'enforcement', label: '综合执法队' }], target: { reductionPct: 30 } });
    expect(adopted.places.map((p) => p.path).sort()).toEqual(top.evidence.topPlaces.map((p) => p.path).sort());
    expect(adopted.evidence!.found).toBe(want.found);
    const again = await svc().refusal(AdoptTheme, body, 'commander');
    expect([again.code, statusOf(again)]).toEqual([OfficeErrorCode.ThemeExists, 409]);
    expect(await svc().invalidField(AdoptTheme, { ...body, targetReductionPct: 0 }, 'commander')).toBe('targetReductionPct');

    // Twenty days later (the adoption moved back): the project halved the reports at its places.
    await ds.query(`UPDATE office.themes SET adopted_at = now() - interval '20 days' WHERE id = $1`, [adopted.id]);
    const adoptedDay = shift(today, -20);
    await ds.query(`UPDATE office.category_daily SET found = CASE WHEN day >= $2::date THEN 1 ELSE found END WHERE category = $1`, [category, adoptedDay]);
    const list = await svc().call(ListThemes, { root: STREET, month: thisMonth }, 'commander');
    const theme = list.items.find((t) => t.id === adopted.id)!;
    const sum = async (from: string, to: string) =>
      (await ds.query(`SELECT coalesce(sum(found), 0)::int AS n FROM office.category_daily WHERE category = $1 AND grid_path <@ $2::ltree[] AND day BETWEEN $3::date AND $4::date`, [category, theme.places.map((p) => p.path), from, to]))[0].n;
    expect(theme.effect.basis).toBe('preceding_period');
    expect(theme.effect.after).toMatchObject({ from: adoptedDay, to: today, found: await sum(adoptedDay, today) });
    expect(theme.effect.before).toMatchObject({ from: shift(adoptedDay, -21), to: shift(adoptedDay, -1), found: await sum(shift(adoptedDay, -21), shift(adoptedDay, -1)) });
    expect(theme.effect.changePct).toBeLessThan(-30);
    expect(theme.effect.targetMet).toBe(true);
    expect(theme.effect.before.monthly.length).toBeGreaterThan(0);
    const one = await svc().call(GetTheme, { id: adopted.id }, 'commander');
    expect(one.effect.after.found).toBe(theme.effect.after.found);
    expect(statusOf(await svc().refusal(GetTheme, { id: adopted.id }, 'other-commander'))).toBe(404);
  });
});

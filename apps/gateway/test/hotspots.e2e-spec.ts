import { eventually } from '@grid122/testing';
import { seedDemo as seedRegistry } from '../../grid-registry/src/database/seed';
import { periodsEndingBy } from '../../office/src/hotspot/periods';
import { OTHER_STREET, startSuite, STREET, Suite } from './support/suite';

/**
 * Recurrence, spikes and hotspots (issue 26) through the gateway, against the real office, the
 * real grid registry (its demo street's polygons give the neighbours), Postgres and NATS.
 */
describe('office: recurrence, spikes and hotspots', () => {
  let suite: Suite;
  const auth = async (who: string) => ({ authorization: `Bearer ${await suite.token(who)}` });
  let grids: { id: string; path: string; lng: number; lat: number }[] = [];
  let n = 0;

  const report = async (over: Record<string, unknown>) => {
    n += 1;
    const res = await suite
      .http()
      .post('/api/v1/incidents')
      .set(await auth('commander'))
      .send({ source: 'grid_patrol', title: `暴露垃圾 ${n}`, keyArea: 'other', category: 'exposed_rubbish', ...over });
    if (res.status !== 201) throw new Error(`report: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; code: string };
  };
  const act = async (id: string, action: string, b: Record<string, unknown> = {}) => {
    const res = await suite.http().post(`/api/v1/incidents/${id}/${action}`).set(await auth('commander')).send(b);
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const registerAndClose = async (id: string) => {
    await act(id, 'register');
    await act(id, 'close', { closureType: 'referred', note: '已移交物业' });
  };
  const office = async () => suite.dataSource('office');
  const closedPlaceRecorded = (id: string) =>
    eventually(async () => {
      const rows = await (await office()).query(`SELECT 1 FROM office.recurrence_places WHERE incident_id = $1`, [id]);
      expect(rows).toHaveLength(1);
    });

  beforeAll(async () => {
    suite = await startSuite({ services: ['grid-registry', 'office', 'appraisal'], env: { OFFICE_SWEEP_INTERVAL_MS: '0' } });
    const registry = await suite.dataSource('grid-registry');
    await seedRegistry(registry);
    grids = (
      await registry.query(
        `SELECT id, path::text AS path, ST_X(ST_PointOnSurface(polygon)) AS lng, ST_Y(ST_PointOnSurface(polygon)) AS lat
         FROM registry.grids WHERE level = 'building_cluster' AND path <@ $1::ltree ORDER BY path`,
        [STREET],
      )
    ).map((g: { id: string; path: string; lng: string; lat: string }) => ({ ...g, lng: Number(g.lng), lat: Number(g.lat) }));
  }, 120_000);
  afterAll(() => suite?.stop());

  it('marks a problem reported again at the same spot after closure as recurring, linked to its predecessors', async () => {
    const g = grids[0];
    const first = await report({ location: { lng: g.lng, lat: g.lat } });
    await registerAndClose(first.id);
    await closedPlaceRecorded(first.id);
    // 10 m away, same category: back after closure.
    const second = await report({ location: { lng: g.lng + 0.0001, lat: g.lat } });
    await eventually(async () => {
      const [row] = await (await office()).query(`SELECT recurrence_of FROM office.incidents WHERE id = $1`, [second.id]);
      expect(row.recurrence_of).toBe(first.id);
    });
    await registerAndClose(second.id);
    await closedPlaceRecorded(second.id);
    const third = await report({ location: { lng: g.lng, lat: g.lat + 0.0001 } });
    await eventually(async () => {
      const res = await suite.http().get(`/api/v1/recurrence/incidents?root=${STREET}`).set(await auth('commander')).expect(200);
      const item = res.body.items.find((i: { id: string }) => i.id === third.id);
      expect(item).toBeDefined();
      expect(item.predecessors.map((p: { code: string }) => p.code)).toEqual([second.code, first.code]);
      expect(item.categoryName).toBe('暴露垃圾');
      expect(item.gapDays).toBeLessThan(1);
    });
    // The incident's own history says so, and another category at the spot is not a recurrence.
    const detail = await suite.http().get(`/api/v1/incidents/${third.id}`).set(await auth('commander')).expect(200);
    expect(JSON.stringify(detail.body)).toContain(`复发 recurring: ${second.code}`);
    const other = await report({ keyArea: 'illegal_construction', category: await aCategoryOf('illegal_construction'), location: { lng: g.lng, lat: g.lat } });
    await eventually(async () => {
      const [row] = await (await office()).query(`SELECT count(*)::int AS n FROM office.category_daily WHERE category <> 'exposed_rubbish'`);
      expect(row.n).toBeGreaterThan(0);
    });
    const [o] = await (await office()).query(`SELECT recurrence_of FROM office.incidents WHERE id = $1`, [other.id]);
    expect(o.recurrence_of).toBeNull();
  });

  it('counts per place and category, with 30天复发率 beside 返工率, and the same building by address', async () => {
    const g = grids[5];
    const a = await report({ address: '建中街 18 号楼 2 单元', gridId: g.id, gridPath: g.path });
    await registerAndClose(a.id);
    await closedPlaceRecorded(a.id);
    const b = await report({ address: '建中街18号楼2单元。', gridId: g.id, gridPath: g.path });
    await eventually(async () => {
      const [row] = await (await office()).query(`SELECT recurrence_of FROM office.incidents WHERE id = $1`, [b.id]);
      expect(row.recurrence_of).toBe(a.id);
    });
    const res = await suite.http().get(`/api/v1/recurrence?root=${STREET}&level=building_cluster&category=exposed_rubbish`).set(await auth('commander')).expect(200);
    // Reference: straight from the incident rows.
    const [want] = await (await office()).query(
      `SELECT count(*) FILTER (WHERE recurrence_of IS NOT NULL)::int AS recurring, count(*) FILTER (WHERE state = 'closed')::int AS closed,
              count(*) FILTER (WHERE state = 'closed' AND recurred_at - closed_at <= interval '30 days')::int AS back
       FROM office.incidents WHERE category = 'exposed_rubbish' AND state <> 'duplicate'`,
    );
    expect(res.body.total).toMatchObject({ recurring: want.recurring, recurringQuick: want.recurring, closed: want.closed, cameBackQuick: want.back });
    expect(want.recurring).toBe(3);
    expect(res.body.total.quickRecurrenceRate).toBe(Math.round((want.back / want.closed) * 10000) / 100);
    expect(res.body.total).toHaveProperty('reworkRate', null); // a category: the ledger keeps 返工率 per key area
    const row = res.body.rows.find((r: { place: { path: string } }) => r.place.path === g.path);
    expect(row).toMatchObject({ recurring: 1, categoryName: '暴露垃圾' });
    expect(row.place.name).not.toBe(g.path.split('.').pop()); // the registry's name, not the path label
    const all = await suite.http().get(`/api/v1/recurrence?root=${STREET}`).set(await auth('commander')).expect(200);
    expect(all.body.total).toHaveProperty('reworkRate');
    expect(all.body.level).toBe('community');
  });

  it('raises a spike when a category jumps in a grid today, with the expected and observed counts, once', async () => {
    const g = grids[10];
    for (let i = 0; i < 5; i++) await report({ address: `第${i + 1}处 楼道堆物`, gridId: g.id, gridPath: g.path, category: 'exposed_rubbish' });
    const res = await eventually(async () => {
      const r = await suite.http().get(`/api/v1/spikes?root=${g.path}`).set(await auth('commander')).expect(200);
      expect(r.body.items.find((s: { placeLevel: string }) => s.placeLevel === 'grid')).toBeDefined();
      return r;
    });
    const spike = res.body.items.find((s: { placeLevel: string }) => s.placeLevel === 'grid');
    // Nothing in the 8 weeks before: expected is the floor 0.2; P(X ≥ 4 | 0.2) < 0.001 raises at the 4th report.
    expect(spike).toMatchObject({ placePath: g.path, category: 'exposed_rubbish', categoryName: '暴露垃圾', expected: 0.2 });
    expect(spike.observed).toBeGreaterThanOrEqual(4);
    expect(res.body.model).toContain('Poisson');
    await eventually(async () => {
      const events = await (await office()).query(`SELECT event->'data' AS data FROM office.outbox WHERE type = 'office.spike.detected' AND event->'data'->>'placePath' = $1`, [g.path]);
      expect(events).toHaveLength(1);
      expect(events[0].data).toMatchObject({ observed: 4, expected: 0.2 });
    });
    await suite.http().get(`/api/v1/spikes?root=${OTHER_STREET}`).set(await auth('commander')).expect(403);
  });

  it('finds a planted hot spot over the registry neighbours, from the ledger counters, and checks the counts', async () => {
    const registry = await suite.dataSource('grid-registry');
    const centre = grids[Math.floor(grids.length / 2)];
    const near: { path: string }[] = await registry.query(
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
    const rows: unknown[] = [];
    let seed = 1;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    weeks.forEach(([monday], t) => {
      for (const g of grids) {
        const found = (rand() < 0.5 ? 1 : 0) + (planted.has(g.path) && t >= weeks.length - 3 ? 12 : 0);
        if (found) rows.push({ category, grid_path: g.path, day: monday, found });
      }
    });
    const ds = await office();
    await ds.query(
      `INSERT INTO office.category_daily (category, grid_path, day, key_area, community_path, found)
       SELECT r.category, r.grid_path::ltree, r.day, 'production_safety', subpath(r.grid_path::ltree, 0, 4), r.found FROM jsonb_to_recordset($1::jsonb) AS r(category text, grid_path text, day date, found int)`,
      [JSON.stringify(rows)],
    );
    const res = (await suite.http().get(`/api/v1/hotspots?root=${STREET}&level=building_cluster&category=${category}&period=week&periods=12`).set(await auth('commander')).expect(200)).body;
    expect(res.periods).toEqual(weeks);
    const hit = res.places.find((p: { path: string }) => p.path === centre.path);
    expect(hit).toMatchObject({ kind: 'hot', pattern: 'consecutive', hotBins: 3 });
    expect(hit.label.zh).toBe('连续热点');
    expect(hit.reason).toContain('Mann-Kendall');
    // Mann-Kendall S of its counts, straight from the definition.
    let S = 0;
    hit.counts.forEach((a: number, k: number) => hit.counts.slice(k + 1).forEach((b: number) => (S += Math.sign(b - a))));
    expect(hit.countTrend.s).toBe(S);
    expect(S).toBeGreaterThan(0);
    // Counts per place and week equal the rows planted (the reference).
    const planted12 = rows.filter((r) => (r as { grid_path: string }).grid_path === centre.path).map((r) => (r as { found: number }).found);
    expect(hit.counts.reduce((a: number, b: number) => a + b, 0)).toBe(planted12.reduce((a, b) => a + b, 0));
    // Far from the block, the noise is not flagged as hot.
    const far = res.places.filter((p: { path: string; kind: string; hotBins: number }) => !planted.has(p.path) && p.kind === 'hot' && p.hotBins > 1);
    expect(far.length).toBeLessThanOrEqual(Math.ceil(0.1 * grids.length));
    expect(res.summary.find((s: { pattern: string }) => s.pattern === 'consecutive').places).toBeGreaterThan(0);
    // By key area (the ledger's daily counters) too, and never outside the caller's scope.
    await suite.http().get(`/api/v1/hotspots?root=${STREET}&level=community&keyArea=other&period=month`).set(await auth('commander')).expect(200);
    const out = await suite.http().get(`/api/v1/hotspots?root=${OTHER_STREET}`).set(await auth('commander')).expect(403);
    expect(out.body.code).toBe('OFFICE_OUT_OF_SCOPE');
    const bad = await suite.http().get(`/api/v1/hotspots?level=planet`).set(await auth('commander')).expect(400);
    expect(JSON.stringify(bad.body)).toContain('level');
  });

  it('proposes the month’s theme (每月一题) with its evidence, adopts it once, and measures its before/after', async () => {
    const ds = await office();
    const category = await aCategoryOf('illegal_business');
    const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' });
    const today = fmt.format(new Date());
    const shift = (day: string, n: number) => fmt.format(new Date(Date.parse(`${day}T12:00:00+08:00`) + n * 86_400_000));
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
    const res = await suite.http().get(`/api/v1/themes/candidates?root=${STREET}&month=${lastMonth}`).set(await auth('commander')).expect(200);
    // (the hotspot test's planted category is a candidate too: widespread)
    const scores = res.body.candidates.map((c: { score: number }) => c.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const top = res.body.candidates.find((c: { category: string }) => c.category === category);
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
    const adopted = await suite.http().post('/api/v1/themes').set(await auth('commander')).send(body).expect(201);
    expect(adopted.body).toMatchObject({ month: thisMonth, title: '占道经营专项治理', units: [{ code: 'enforcement', label: '综合执法队' }], target: { reductionPct: 30 } });
    expect(adopted.body.places.map((p: { path: string }) => p.path).sort()).toEqual(top.evidence.topPlaces.map((p: { path: string }) => p.path).sort());
    expect(adopted.body.evidence.found).toBe(want.found);
    const again = await suite.http().post('/api/v1/themes').set(await auth('commander')).send(body).expect(409);
    expect(again.body.code).toBe('OFFICE_THEME_EXISTS');
    await suite.http().post('/api/v1/themes').set(await auth('worker')).send(body).expect(403);
    const bad = await suite.http().post('/api/v1/themes').set(await auth('commander')).send({ ...body, targetReductionPct: 0 }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('targetReductionPct');

    // Twenty days later (the adoption moved back): the project halved the reports at its places.
    await ds.query(`UPDATE office.themes SET adopted_at = now() - interval '20 days' WHERE id = $1`, [adopted.body.id]);
    const adoptedDay = shift(today, -20);
    await ds.query(`UPDATE office.category_daily SET found = CASE WHEN day >= $2::date THEN 1 ELSE found END WHERE category = $1`, [category, adoptedDay]);
    const list = await suite.http().get(`/api/v1/themes?root=${STREET}&month=${thisMonth}`).set(await auth('commander')).expect(200);
    const theme = list.body.items.find((t: { id: string }) => t.id === adopted.body.id);
    const sum = async (from: string, to: string) =>
      (await ds.query(`SELECT coalesce(sum(found), 0)::int AS n FROM office.category_daily WHERE category = $1 AND grid_path <@ $2::ltree[] AND day BETWEEN $3::date AND $4::date`, [category, theme.places.map((p: { path: string }) => p.path), from, to]))[0].n;
    expect(theme.effect.basis).toBe('preceding_period');
    expect(theme.effect.after).toMatchObject({ from: adoptedDay, to: today, found: await sum(adoptedDay, today) });
    expect(theme.effect.before).toMatchObject({ from: shift(adoptedDay, -21), to: shift(adoptedDay, -1), found: await sum(shift(adoptedDay, -21), shift(adoptedDay, -1)) });
    expect(theme.effect.changePct).toBeLessThan(-30);
    expect(theme.effect.targetMet).toBe(true);
    expect(theme.effect.before.monthly.length).toBeGreaterThan(0);
    const one = await suite.http().get(`/api/v1/themes/${adopted.body.id}`).set(await auth('commander')).expect(200);
    expect(one.body.effect.after.found).toBe(theme.effect.after.found);
    await suite.http().get(`/api/v1/themes/${adopted.body.id}`).set(await auth('other-commander')).expect(404);

    // The month's notice shows the theme and its effect; a later month's too, while it runs.
    const notice = (await suite.http().get(`/api/v1/appraisal/notices?month=${thisMonth}`).set(await auth('commander')).expect(200)).body;
    const row = notice.themes.find((t: { title: string }) => t.title === '占道经营专项治理');
    expect(row).toMatchObject({ ownerName: '王主任', units: '综合执法队', departments: '区城管局', beforeFound: theme.effect.before.found, afterFound: theme.effect.after.found, status: '达标' });
    expect(row.changePct).toBe(theme.effect.changePct);
    const html = await suite.http().get(`/api/v1/appraisal/notices?month=${thisMonth}&format=html`).set(await auth('commander')).expect(200);
    expect(html.text).toContain('每月一题');
    expect(html.text).toContain('占道经营专项治理');
    const lastMonthNotice = (await suite.http().get(`/api/v1/appraisal/notices?month=${lastMonth}`).set(await auth('commander')).expect(200)).body;
    expect(lastMonthNotice.themes.find((t: { title: string }) => t.title === '占道经营专项治理')).toBeUndefined();
  });

  async function aCategoryOf(keyArea: string): Promise<string> {
    const [c] = await (await office()).query(`SELECT code FROM office.categories WHERE key_area = $1 ORDER BY sort LIMIT 1`, [keyArea]);
    return c.code;
  }
});

import { eventually } from '@grid122/testing';
import { seedDemo as seedRegistry } from '../../grid-registry/src/database/seed';
import { OTHER_STREET, startSuite, STREET, Suite } from './support/suite';

/**
 * The routes of recurrence, spikes, hot spots and the month's theme (issue 26) through the gateway,
 * against the real office, the real grid registry (the demo street) and appraisal: query strings
 * into the request, the edge role, codes as statuses naming the field, and the theme carried into
 * appraisal's notice (JSON and HTML). The office's rules (the links, the figures against the rows,
 * Gi* and Mann-Kendall, the spike's model, the theme's evidence and effect) are tested in its folder:
 * apps/office/test/hotspots.e2e-spec.ts and hotspots-demo.e2e-spec.ts.
 */
describe('gateway: recurrence, spikes, hotspots and themes routes', () => {
  let suite: Suite;
  const auth = async (who: string) => ({ authorization: `Bearer ${await suite.token(who)}` });
  let grids: { id: string; path: string; lng: number; lat: number }[] = [];
  let n = 0;

  const report = (over: Record<string, unknown>) => {
    n += 1;
    return suite.report('commander', { source: 'grid_patrol', title: `暴露垃圾 ${n}`, keyArea: 'other', category: 'exposed_rubbish', ...over });
  };
  const office = async () => suite.dataSource('office');

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

  it('recurrence, spikes and hot spots: the query string into the request, scope as 403, 400 naming the field', async () => {
    const g = grids[0];
    const first = await report({ location: { lng: g.lng, lat: g.lat } });
    await suite.act(first.id, 'register', 'commander');
    await suite.act(first.id, 'close', 'commander', { closureType: 'referred', note: '已移交物业' });
    await eventually(async () => expect(await (await office()).query(`SELECT 1 FROM office.recurrence_places WHERE incident_id = $1`, [first.id])).toHaveLength(1));
    const second = await report({ location: { lng: g.lng + 0.0001, lat: g.lat } });
    await eventually(async () => {
      const res = await suite.http().get(`/api/v1/recurrence/incidents?root=${STREET}&quick=true&limit=5`).set(await auth('commander')).expect(200);
      expect(res.body.items.find((i: { id: string }) => i.id === second.id)?.predecessors.map((p: { code: string }) => p.code)).toEqual([first.code]);
    });
    const summary = await suite.http().get(`/api/v1/recurrence?root=${STREET}&level=building_cluster&category=exposed_rubbish`).set(await auth('commander')).expect(200);
    expect(summary.body).toMatchObject({ level: 'building_cluster', total: { recurring: 1 } });
    await suite.http().get(`/api/v1/recurrence?root=${STREET}&level=planet`).set(await auth('commander')).expect(400);

    const spikes = await suite.http().get(`/api/v1/spikes?root=${g.path}`).set(await auth('worker')).expect(200);
    expect(spikes.body.model).toContain('Poisson');
    await suite.http().get(`/api/v1/spikes?root=${OTHER_STREET}`).set(await auth('commander')).expect(403);
    await suite.http().get(`/api/v1/spikes`).set(await auth('enforcement')).expect(403); // a unit does not read the ledger's figures

    const hot = await suite.http().get(`/api/v1/hotspots?root=${STREET}&level=community&keyArea=other&period=month&periods=6`).set(await auth('commander')).expect(200);
    expect(hot.body.periods).toHaveLength(6);
    const out = await suite.http().get(`/api/v1/hotspots?root=${OTHER_STREET}`).set(await auth('commander')).expect(403);
    expect(out.body.code).toBe('OFFICE_OUT_OF_SCOPE');
    const bad = await suite.http().get(`/api/v1/hotspots?level=planet`).set(await auth('commander')).expect(400);
    expect(JSON.stringify(bad.body)).toContain('level');
  });

  it('the month’s theme: adopted at its route once (the commander only), read back, and printed in appraisal’s notice', async () => {
    const ds = await office();
    const [{ code: category }] = await ds.query(`SELECT code FROM office.categories WHERE key_area = 'illegal_business' ORDER BY sort LIMIT 1`);
    const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' });
    const today = fmt.format(new Date());
    const shift = (day: string, k: number) => fmt.format(new Date(Date.parse(`${day}T12:00:00+08:00`) + k * 86_400_000));
    const thisMonth = today.slice(0, 7);
    const lastMonth = shift(`${thisMonth}-01`, -1).slice(0, 7);
    // Three months of the category rising at six grids (the office's spec checks the evidence against them).
    const rows: { grid_path: string; day: string; found: number }[] = [];
    for (let d = shift(today, -90), i = 0; d <= today; d = shift(d, 1), i++) grids.slice(20, 26).forEach((g) => rows.push({ grid_path: g.path, day: d, found: 1 + Math.floor(i / 30) }));
    await ds.query(
      `INSERT INTO office.category_daily (category, grid_path, day, key_area, community_path, found, recurring)
       SELECT $2, r.grid_path::ltree, r.day, 'illegal_business', subpath(r.grid_path::ltree, 0, 4), r.found, r.found
       FROM jsonb_to_recordset($1::jsonb) AS r(grid_path text, day date, found int)`,
      [JSON.stringify(rows), category],
    );
    const candidates = await suite.http().get(`/api/v1/themes/candidates?root=${STREET}&month=${lastMonth}&limit=5`).set(await auth('commander')).expect(200);
    expect(candidates.body.candidates.map((c: { category: string }) => c.category)).toContain(category);

    const body = { category, title: '占道经营专项治理', ownerName: '王主任', units: ['enforcement'], departments: ['区城管局'], targetReductionPct: 30, deadline: shift(today, 60) };
    await suite.http().post('/api/v1/themes').set(await auth('worker')).send(body).expect(403);
    const bad = await suite.http().post('/api/v1/themes').set(await auth('commander')).send({ ...body, targetReductionPct: 0 }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('targetReductionPct');
    const adopted = await suite.http().post('/api/v1/themes').set(await auth('commander')).send(body).expect(201);
    expect(adopted.body).toMatchObject({ month: thisMonth, title: '占道经营专项治理', units: [{ code: 'enforcement', label: '综合执法队' }] });
    const again = await suite.http().post('/api/v1/themes').set(await auth('commander')).send(body).expect(409);
    expect(again.body.code).toBe('OFFICE_THEME_EXISTS');

    // Twenty days later (the adoption moved back): read back at both routes, 404 for another street.
    await ds.query(`UPDATE office.themes SET adopted_at = now() - interval '20 days' WHERE id = $1`, [adopted.body.id]);
    const list = await suite.http().get(`/api/v1/themes?root=${STREET}&month=${thisMonth}`).set(await auth('commander')).expect(200);
    const theme = list.body.items.find((t: { id: string }) => t.id === adopted.body.id);
    expect(theme.effect.basis).toBe('preceding_period');
    const one = await suite.http().get(`/api/v1/themes/${adopted.body.id}`).set(await auth('commander')).expect(200);
    expect(one.body.effect.after.found).toBe(theme.effect.after.found);
    await suite.http().get(`/api/v1/themes/${adopted.body.id}`).set(await auth('other-commander')).expect(404);
    await suite.http().get('/api/v1/themes/not-a-uuid').set(await auth('commander')).expect(400);

    // The month's notice (appraisal) shows the theme and its effect as the office measures it; a month before it, not.
    const notice = (await suite.http().get(`/api/v1/appraisal/notices?month=${thisMonth}`).set(await auth('commander')).expect(200)).body;
    const row = notice.themes.find((t: { title: string }) => t.title === '占道经营专项治理');
    expect(row).toMatchObject({ ownerName: '王主任', units: '综合执法队', departments: '区城管局', beforeFound: theme.effect.before.found, afterFound: theme.effect.after.found });
    expect(row.changePct).toBe(theme.effect.changePct);
    const html = await suite.http().get(`/api/v1/appraisal/notices?month=${thisMonth}&format=html`).set(await auth('commander')).expect(200);
    expect(html.text).toContain('每月一题');
    expect(html.text).toContain('占道经营专项治理');
    const lastMonthNotice = (await suite.http().get(`/api/v1/appraisal/notices?month=${lastMonth}`).set(await auth('commander')).expect(200)).body;
    expect(lastMonthNotice.themes.find((t: { title: string }) => t.title === '占道经营专项治理')).toBeUndefined();
  });
});

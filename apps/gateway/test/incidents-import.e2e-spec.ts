import { StatsRepository } from '../../office/src/stats/stats.repository';
import { startSuite, STREET, Suite } from './support/suite';

/** Bulk import of historical incidents (历史数据迁移): NDJSON through the gateway, idempotent, counted. */
describe('incidents: bulk import (POST /api/v1/incidents/import)', () => {
  let suite: Suite;
  const auth = async (who: string) => ({ authorization: `Bearer ${await suite.token(who)}` });
  const grid = `${STREET}.c01.g2_01.g3_01`;
  const rec = (i: number, over: Record<string, unknown> = {}) => ({
    source: 'district_platform',
    sourceRef: `OLD-${i}`,
    title: `占道经营 历史 #${i}`,
    keyArea: 'illegal_business',
    category: 'street_occupation',
    gridPath: grid,
    location: { lng: 118.7712, lat: 32.1031 },
    state: 'closed',
    closureType: 'fixed',
    resolutionLevel: 'community',
    reportedAt: `2024-03-0${1 + (i % 5)}T02:00:00Z`,
    closedAt: `2024-03-1${i % 5}T02:00:00Z`,
    ...over,
  });
  const ndjson = (lines: unknown[]) => lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';
  const post = async (who: string, body: string) =>
    suite.http().post('/api/v1/incidents/import').set(await auth(who)).set('content-type', 'application/x-ndjson').send(body);

  beforeAll(async () => {
    suite = await startSuite({ services: ['office'], env: { OFFICE_SWEEP_INTERVAL_MS: '0' } });
  }, 120_000);
  afterAll(() => suite?.stop());

  it('imports good lines, reports bad ones by line number and field, and keeps the counters equal to the rows', async () => {
    const body = ndjson([
      rec(1),
      rec(2, { state: 'rejected', closureType: undefined, resolutionLevel: undefined, closedAt: undefined }),
      rec(3, { category: 'gas_hazard' }), // belongs to production_safety
      '{not json',
      rec(4, { closureType: 'not_responsible' }),
      rec(5, { extra: 1 }),
      rec(6, { reportedAt: '2999-01-01T00:00:00Z' }),
    ]);
    const res = await post('admin', body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ lines: 7, inserted: 3, skipped: 0, rejected: 4 });
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 3, field: 'category' }),
        expect.objectContaining({ line: 4, field: '(line)' }),
        expect.objectContaining({ line: 6, field: 'extra' }),
        expect.objectContaining({ line: 7, field: 'reportedAt' }),
      ]),
    );

    const ds = await suite.dataSource('office');
    const rows = await ds.query(`SELECT id, code, state, closure_type, registered_at IS NOT NULL AS reg, grid_path::text AS path FROM office.incidents ORDER BY source_ref`);
    expect(rows).toHaveLength(3);
    // Time-ordered ids (UUID version 7): a batch appends to the primary key instead of scattering.
    for (const r of rows) expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(rows[0].code).toMatch(/^BTQ-2024030\d-I\d+$/);
    expect(rows.map((r: { state: string }) => r.state)).toEqual(['closed', 'rejected', 'closed']);
    const history = await ds.query(`SELECT action, to_state, by_role FROM office.incident_history`);
    expect(history).toHaveLength(3);
    expect(history.every((h: { action: string; by_role: string }) => h.action === 'import' && h.by_role === 'admin')).toBe(true);

    // The incremental counters equal a recount from the rows (the office's own rules).
    const kept = await ds.query(`SELECT * FROM office.stats_daily ORDER BY day, grid_path, key_area`);
    const recount = await ds.query(`SELECT * FROM (${new StatsRepository(ds).recountSql()}) r ORDER BY day, grid_path, key_area`);
    expect(kept.map((r: Record<string, unknown>) => ({ ...r, grid_path: String(r.grid_path) }))).toEqual(recount.map((r: Record<string, unknown>) => ({ ...r, grid_path: String(r.grid_path) })));
    expect(await new StatsRepository(ds).rollupDrift()).toEqual([]);
    // The category counters (hotspots, themes) take the imported rows too.
    const [cat] = await ds.query(`SELECT sum(found)::int AS found, sum(closed)::int AS closed FROM office.category_daily`);
    const [want] = await ds.query(`SELECT count(*) FILTER (WHERE state <> 'duplicate')::int AS found, count(*) FILTER (WHERE state = 'closed')::int AS closed FROM office.incidents`);
    expect(cat).toEqual(want);

    const stats = await suite.http().get(`/api/v1/stats/key-areas?root=${STREET}`).set(await auth('commander')).expect(200);
    expect(stats.body.rows.find((r: { keyArea: string }) => r.keyArea === 'illegal_business')).toMatchObject({ found: 3, solved: 1 });
  });

  it('is idempotent by (source, sourceRef): the same file again inserts nothing', async () => {
    const res = await post('admin', ndjson([rec(1), rec(2, { state: 'rejected', closureType: undefined, resolutionLevel: undefined, closedAt: undefined }), rec(4, { closureType: 'not_responsible' })]));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ inserted: 0, skipped: 3, rejected: 0 });
    const ds = await suite.dataSource('office');
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM office.incidents`);
    expect(n).toBe(3);
    const [{ found }] = await ds.query(`SELECT sum(found)::int AS found FROM office.stats_daily`);
    expect(found).toBe(3);
  });

  /** The ledger and every counter agree after an import: daily counters = a recount, roll-ups = the daily rows, category counters = the rows. */
  const expectReconciled = async () => {
    const ds = await suite.dataSource('office');
    const stats = new StatsRepository(ds);
    const kept = await ds.query(`SELECT * FROM office.stats_daily ORDER BY day, grid_path, key_area`);
    const recount = await ds.query(`SELECT * FROM (${stats.recountSql()}) r ORDER BY day, grid_path, key_area`);
    expect(kept.map((r: Record<string, unknown>) => ({ ...r, grid_path: String(r.grid_path) }))).toEqual(recount.map((r: Record<string, unknown>) => ({ ...r, grid_path: String(r.grid_path) })));
    expect(await stats.rollupDrift()).toEqual([]);
    const cat = await ds.query(`SELECT category, grid_path::text AS g, day::text AS d, found, closed FROM office.category_daily WHERE found <> 0 OR closed <> 0 ORDER BY 1, 2, 3`);
    const want = await ds.query(
      `SELECT category, grid_path::text AS g, stats_day::text AS d, count(*) FILTER (WHERE state <> 'duplicate')::int AS found, count(*) FILTER (WHERE state = 'closed')::int AS closed
       FROM office.incidents GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    );
    expect(cat).toEqual(want);
    // Nothing is left in the staging table once a run is finished (or dropped).
    expect(await ds.query(`SELECT count(*)::int AS n FROM office.incident_import_staging`)).toEqual([{ n: 0 }]);
  };

  it('imports in batches: 4,500 lines in three NATS messages, staged by COPY and moved at the end, the counters reconciled', async () => {
    const lines = Array.from({ length: 4500 }, (_, i) => rec(1000 + i));
    const res = await post('admin', ndjson(lines));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ lines: 4500, inserted: 4500, rejected: 0 });
    await expectReconciled();
  });

  it('a re-run (and a line repeated within one file) inserts nothing twice; the counters still reconcile', async () => {
    const ds = await suite.dataSource('office');
    const [{ n: before }] = await ds.query(`SELECT count(*)::int AS n FROM office.incidents`);
    const lines = [...Array.from({ length: 2500 }, (_, i) => rec(1000 + i)), rec(9001), rec(9001), rec(9002, { title: '占道经营 历史\t制表符 \\ 反斜杠\n换行' })];
    const res = await post('admin', ndjson(lines));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ lines: 2503, inserted: 2, skipped: 2501, rejected: 0 });
    const [{ n: after }] = await ds.query(`SELECT count(*)::int AS n FROM office.incidents`);
    expect(after).toBe(before + 2);
    // COPY's text format keeps tabs, backslashes and newlines as they were sent.
    const [row] = await ds.query(`SELECT title FROM office.incidents WHERE source_ref = 'OLD-9002'`);
    expect(row.title).toBe('占道经营 历史\t制表符 \\ 反斜杠\n换行');
    await expectReconciled();
  });

  it('moves staged rows while the stream goes on (24,000 lines: moves every 20,000 and at the end, two movers side by side), the counters reconciled', async () => {
    const lines = Array.from({ length: 24_000 }, (_, i) =>
      rec(50_000 + i, { gridPath: `${STREET}.c0${1 + (i % 3)}.g2_01.g3_0${1 + (i % 2)}`, reportedAt: new Date(Date.UTC(2021, 0, 1) + (i % 900) * 86_400_000).toISOString(), closedAt: undefined }),
    );
    const res = await post('admin', ndjson(lines));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ lines: 24_000, inserted: 24_000, skipped: 0, rejected: 0 });
    await expectReconciled();
  }, 180_000);

  it('a stream that fails midway imports nothing of it (what it staged is dropped)', async () => {
    const ds = await suite.dataSource('office');
    const [{ n: before }] = await ds.query(`SELECT count(*)::int AS n FROM office.incidents`);
    const good = Array.from({ length: 2100 }, (_, i) => rec(20_000 + i));
    const res = await post('admin', ndjson(good) + 'x'.repeat(70 * 1024));
    expect(res.status).toBe(400);
    const [{ n: after }] = await ds.query(`SELECT count(*)::int AS n FROM office.incidents`);
    expect(after).toBe(before);
    await expectReconciled();
  });

  it('is for the administrator only, and takes NDJSON only', async () => {
    expect((await post('commander', ndjson([rec(9)]))).status).toBe(403);
    const res = await suite.http().post('/api/v1/incidents/import').set(await auth('admin')).set('content-type', 'application/json').send({ x: 1 });
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});

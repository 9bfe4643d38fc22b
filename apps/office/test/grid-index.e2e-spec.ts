import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { LocateGrid, ReportIncident, UpdateGrid } from '@grid122/contracts';
import { demoStreet, Grid } from '@grid122/demo-street';
import { serviceUnderTest, TEST_STREET as STREET, TestEnv } from '@grid122/testing';
import { loadGrids } from '../../../bench/data/city';
import { dataSourceOptions as registryDs } from '../../grid-registry/src/database/data-source';
import { GridRepository } from '../../grid-registry/src/grid/grid.repository';
import { GridIndex } from '../src/incident/grid-index/grid-index';
import { OfficeGridIndex } from '../src/incident/grid-index/office-grid-index';
import { officeBesideRegistry } from './support/office-beside-registry';

/**
 * The office's in-process locate (GridIndex, fed with the registry's own polygons) never answers
 * other than the registry's PostGIS locate: random points over two streets of the Baotaqiao shape,
 * points on shared edges and vertices, and points outside every L3 grid. Where it is not certain it
 * answers null (the office then asks the registry).
 */
describe('office grid index: the same answer as the registry\'s locate', () => {
  let env: TestEnv;
  let db: Client;
  let ds: DataSource;
  let grids: GridRepository;
  const index = new GridIndex();
  let box = { minX: 0, minY: 0, maxX: 0, maxY: 0 };
  const vertices: [number, number][] = [];

  beforeAll(async () => {
    env = await TestEnv.start();
    await env.migrate(registryDs());
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    await loadGrids(db, 1, 2, () => undefined);
    ds = await new DataSource({ ...registryDs(), url: env.databaseUrl } as never).initialize();
    grids = new GridRepository(ds);
    let afterId: string | undefined;
    for (;;) {
      const page = await grids.polygons({ afterId, limit: 500 });
      for (const r of page) {
        const rings = (JSON.parse(r.geojson) as { coordinates: [number, number][][] }).coordinates;
        index.put({ id: r.id, code: r.code, path: r.path, rings });
        vertices.push(...rings[0].slice(0, 2));
      }
      if (page.length < 500) break;
      afterId = page[page.length - 1].id;
    }
    const { rows: [b] } = await db.query(
      `SELECT ST_XMin(e) AS "minX", ST_YMin(e) AS "minY", ST_XMax(e) AS "maxX", ST_YMax(e) AS "maxY"
       FROM (SELECT ST_Extent(polygon) AS e FROM registry.grids WHERE level = 'building_cluster') x`,
    );
    box = { minX: Number(b.minX), minY: Number(b.minY), maxX: Number(b.maxX), maxY: Number(b.maxY) };
  }, 300_000);
  afterAll(async () => {
    await ds?.destroy();
    await db?.end();
    await env?.stop();
  });

  /** The registry's answer: the deepest grid's path, or null (no grid holds the point). */
  const registry = async (lng: number, lat: number) => {
    const rows = await grids.locateNow(lng, lat, '');
    return rows.length ? { id: rows[rows.length - 1].id, path: rows[rows.length - 1].path, level: rows[rows.length - 1].level } : null;
  };

  it('agrees on 3,000 random points (and answers most of them itself)', async () => {
    expect(index.size).toBeGreaterThan(100);
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pad = 0.002;
    let answered = 0;
    let insideL3 = 0;
    for (let n = 0; n < 3000; n++) {
      const lng = box.minX - pad + rnd() * (box.maxX - box.minX + 2 * pad);
      const lat = box.minY - pad + rnd() * (box.maxY - box.minY + 2 * pad);
      const mine = index.locate(lng, lat);
      const theirs = await registry(lng, lat);
      if (theirs?.level === 'building_cluster') insideL3++;
      if (!mine) continue;
      answered++;
      expect({ lng, lat, grid: mine }).toEqual({ lng, lat, grid: { id: theirs?.id, path: theirs?.path } });
    }
    // Every point the registry places in an L3 grid is certain here but for the few near an edge.
    expect(answered).toBeGreaterThan(insideL3 * 0.98);
  }, 300_000);

  it('leaves points on shared edges and vertices to the registry (never a guess between neighbours)', async () => {
    for (const [x, y] of vertices.slice(0, 300)) expect(index.locate(x, y)).toBeNull();
    // midpoints of edges (shared with the neighbour, or the street's border)
    const { rows } = await db.query(
      `SELECT ST_X(p) AS x, ST_Y(p) AS y FROM (
         SELECT ST_LineInterpolatePoint(ST_MakeLine(ST_PointN(ST_ExteriorRing(polygon), 1), ST_PointN(ST_ExteriorRing(polygon), 2)), 0.5) AS p
         FROM registry.grids WHERE level = 'building_cluster' LIMIT 200) s`,
    );
    for (const r of rows) {
      const mine = index.locate(Number(r.x), Number(r.y));
      if (mine) expect(mine).toEqual(await registry(Number(r.x), Number(r.y)).then((t) => t && { id: t.id, path: t.path }));
    }
  }, 120_000);

  it('answers null outside every L3 grid, and forgets a removed grid', async () => {
    expect(index.locate(box.minX - 1, box.minY - 1)).toBeNull();
    const { rows: [c] } = await db.query(
      `SELECT id, path::text AS path, ST_X(ST_PointOnSurface(polygon)) AS x, ST_Y(ST_PointOnSurface(polygon)) AS y FROM registry.grids WHERE level = 'building_cluster' ORDER BY code LIMIT 1`,
    );
    expect(index.locate(Number(c.x), Number(c.y))).toEqual({ id: c.id, path: c.path });
    index.remove(c.id);
    expect(index.locate(Number(c.x), Number(c.y))).toBeNull();
  });
});

/**
 * The office locates an intake's point in process (its grid index, loaded from the registry at
 * start and kept by the registry's grid events) and asks the registry when the index is not
 * certain: after a re-shape the index follows the event, and an intake lands where the registry
 * says either way. (Moved from the gateway's office-grid-index spec: the registry is seeded before
 * the office starts, so the office loads the seeded grids at its start.)
 */
describe('office grid index fed by the registry (#27 item 2)', () => {
  const svc = serviceUnderTest(officeBesideRegistry());
  const index = () => svc().app!.get(OfficeGridIndex);
  const byPath = new Map(demoStreet().grids.map((g) => [g.path, g]));
  const bbox = (g: Grid) => {
    const xs = g.polygon.coordinates[0].map((p) => p[0]);
    const ys = g.polygon.coordinates[0].map((p) => p[1]);
    return { x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys) };
  };
  const until = async (what: string, ok: () => boolean) => {
    for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 100));
    if (!ok()) throw new Error(`not within 20 s: ${what}`);
  };
  const registryLocate = async (p: { lng: number; lat: number }) => (await svc().call(LocateGrid, p, 'commander')).grid;
  const report = (p: { lng: number; lat: number }) =>
    svc().call(ReportIncident, { source: 'grid_patrol', title: '暴露垃圾 定位', keyArea: 'other', category: 'exposed_rubbish', location: p }, 'commander');

  it('loads the L3 polygons, follows a re-shape by its event, and files intakes where the registry locates them', async () => {
    const g = byPath.get(`${STREET}.c02.g2_01.g3_01`)!;
    const b = bbox(g);
    const midX = (b.x0 + b.x1) / 2;
    const left = { lng: (b.x0 + midX) / 2, lat: (b.y0 + b.y1) / 2 };
    const right = { lng: (midX + b.x1) / 2, lat: (b.y0 + b.y1) / 2 };
    await until('the seeded grid in the index', () => index().locate(left.lng, left.lat)?.id === g.id);
    expect(index().size).toBeGreaterThan(50);
    expect((await report(left)).gridPath).toBe((await registryLocate(left)).path);

    const leftHalf = { type: 'Polygon', coordinates: [[[b.x0, b.y0], [midX, b.y0], [midX, b.y1], [b.x0, b.y1], [b.x0, b.y0]]] };
    await svc().call(UpdateGrid, { id: g.id, polygon: leftHalf }, 'organisation');
    // The right half belongs to no L3 grid now: the index, once it has the event, leaves it to the registry.
    await until('the re-shape applied', () => index().size > 0 && index().locate(right.lng, right.lat) === null && index().locate(left.lng, left.lat)?.id === g.id);
    const there = await registryLocate(right);
    expect(there.level).toBe('compound');
    expect((await report(right)).gridPath).toBe(there.path);
    expect((await report(left)).gridPath).toBe(g.path);
  }, 120_000);
});

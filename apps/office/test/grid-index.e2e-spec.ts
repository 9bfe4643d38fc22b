import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { TestEnv } from '@grid122/testing';
import { loadGrids } from '../../../bench/data/city';
import { dataSourceOptions as registryDs } from '../../grid-registry/src/database/data-source';
import { GridRepository } from '../../grid-registry/src/grid/grid.repository';
import { GridIndex } from '../src/incident/grid-index/grid-index';

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

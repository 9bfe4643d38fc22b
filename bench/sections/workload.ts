import { KEY_AREA_CODES, QINLING_LEDGER } from '@grid122/demo-street';
import { SCALE } from '../lib/config';
import { BenchRun } from './run-context';

/** The requests of a run: places inside random level-3 grids, the categories, intake bodies weighted as the 秦淮 ledger's key areas, the live feed's reports. */
export type Workload = Awaited<ReturnType<typeof buildWorkload>>;

export async function buildWorkload(run: BenchRun) {
  const { db, level3 } = run;
  // Points inside random level-3 polygons, and the paths of one grid / street / district / city.
  const need = 2000;
  const perGrid = Math.max(1, Math.ceil(need / Math.max(1, level3)));
  const { rows: points } = await db.query<{ lng: number; lat: number; path: string }>(
    `SELECT ST_X(p) AS lng, ST_Y(p) AS lat, path::text FROM (
       SELECT (ST_Dump(ST_GeneratePoints(polygon, $2, 122))).geom AS p, path, id FROM registry.grids
       WHERE level = 'building_cluster' AND id IN (SELECT id FROM registry.grids WHERE level = 'building_cluster' ORDER BY md5(id::text) LIMIT $1)) x
     ORDER BY md5(path::text || ST_AsText(p)) LIMIT $1`,
    [need, perGrid],
  );
  const { rows: cats } = await db.query<{ code: string; key_area: string }>(`SELECT code, key_area FROM office.categories WHERE active`);
  const weights = new Map<string, number>(KEY_AREA_CODES.map((k) => [k, QINLING_LEDGER[k].found]));
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const weighted = cats.flatMap((c) => Array.from({ length: Math.max(1, Math.round((weights.get(c.key_area) ?? 1) / cats.filter((x) => x.key_area === c.key_area).length)) }, () => c));
  const allBodies = points.map((p, i) => {
    const c = weighted[Math.floor(rnd() * weighted.length)];
    return { title: `${c.code} 压测上报 #${i}`, keyArea: c.key_area, category: c.code, source: 'grid_patrol', location: { lng: p.lng, lat: p.lat }, description: '网格员巡查发现' };
  });
  // Intake draws from 2,000 places (repeats within 72 h become "me too" duplicates, as on a real street).
  const bodies = allBodies;
  // Feed reports name their grid and an address, no point: never a "me too" of an intake report.
  const feedBodies = Array.from({ length: SCALE.runs * SCALE.sseReports }, (_, i) => ({
    ...allBodies[i % allBodies.length],
    location: undefined,
    address: `压测路 ${i + 1} 号`,
    gridPath: points[i % points.length].path,
  }));
  return { points, cats, bodies, feedBodies };
}

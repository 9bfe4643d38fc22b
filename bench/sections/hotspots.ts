import { SCALE } from '../lib/config';
import { load, runs, SeqResult } from '../lib/load';
import { add, details } from '../lib/report';
import { figure } from '../lib/stats';
import { BenchRun } from './run-context';

/** 4b. Hotspots (issue 26): Gi* and Mann-Kendall over 52 weeks at street, district and city. */
export async function measureHotspots(run: BenchRun): Promise<void> {
  const { db, gatewayUrl, auth } = run;
  const { rows: lv } = await db.query<{ street: string; district: string; city: string }>(
    `SELECT subpath(path, 0, 3)::text AS street, subpath(path, 0, 2)::text AS district, subpath(path, 0, 1)::text AS city
     FROM registry.grids WHERE level = 'building_cluster' ORDER BY code LIMIT 1`,
  );
  // A street over its L3 grids, a district over its communities, the city over its streets (docs/hotspots.md).
  const cases: [string, string, string, string, number, number][] = [
    ['street', lv[0].street, 'building_cluster', '< 300 ms', 300, 15_000],
    ['district', lv[0].district, 'community', '< 2 s', 2_000, 30_000],
    ['city', lv[0].city, 'street', '< 30 s', 30_000, 120_000],
  ];
  const hs: Record<string, unknown> = {};
  for (const [level, root, places, goal, limitMs, maxMs] of cases) {
    const path = `/api/v1/hotspots?root=${root}&level=${places}&keyArea=illegal_business&period=week&periods=52`;
    // The first analysis of a root asks the registry for its neighbour table (then cached 10 min): measured apart.
    const t0 = Date.now();
    const first = await fetch(`${gatewayUrl}${path}`, { headers: auth, signal: AbortSignal.timeout(maxMs) });
    const firstBody = await first.text();
    add({ section: 'Hotspots', label: `${level}: first analysis (neighbour table from the registry)`, value: figure([Date.now() - t0], 'ms'), note: first.ok ? undefined : `answered ${first.status}: ${firstBody.slice(0, 300)}` });
    const rs = await runs(SCALE.runs, () => load<SeqResult>('cannon.mjs', { mode: 'seq', url: gatewayUrl, paths: [path], headers: auth, n: level === 'street' ? 20 : 3, maxMs }));
    hs[level] = rs;
    const p99 = figure(rs.map((x) => x.p99), 'ms');
    add({ section: 'Hotspots', label: `${level} (${root}: ${places} × 52 weeks) p50`, value: figure(rs.map((x) => x.p50), 'ms') });
    const failed = rs.reduce((a, x) => a + x.errors, 0);
    // A figure of refused requests measures the refusal, not the analysis: never "met".
    add({ section: 'Hotspots', label: `${level} (${root}: ${places} × 52 weeks) p99`, value: p99, goal, met: failed === 0 && p99.median < limitMs, note: `${rs.map((x) => x.n).join('/')} requests; errors ${failed}${failed ? ` (${JSON.stringify(Object.assign({}, ...rs.map((x) => x.statuses ?? {})))})` : ''}` });
  }
  details.hotspots = hs;
}

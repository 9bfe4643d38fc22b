import { SCALE } from '../lib/config';
import { load, runs, SeqResult } from '../lib/load';
import { add, details } from '../lib/report';
import { figure, percentile, round } from '../lib/stats';
import { BenchRun } from './run-context';
import { Workload } from './workload';

/** 3. Locate: the registry's statement in the database, and GET /api/v1/grids/locate through the gateway, one client. */
export async function measureLocate(run: BenchRun, w: Workload): Promise<void> {
  const { db, gatewayUrl, auth, baselineSeq } = run;
  const { points } = w;
  const sql = `WITH hit AS (SELECT path FROM registry.grids WHERE ST_Intersects(polygon, ST_SetSRID(ST_MakePoint($1, $2), 4326)) AND path <@ ''::ltree
                 ORDER BY nlevel(path) DESC, code ASC LIMIT 1)
               SELECT g.id, g.code, g.name, g.level, g.path::text, g.parent_id FROM registry.grids g, hit WHERE g.path @> hit.path ORDER BY nlevel(g.path)`;
  const inDbRuns: { p50: number; p99: number }[] = [];
  const rttRuns: { p50: number; p99: number }[] = [];
  for (let r = 0; r < SCALE.runs; r++) {
    const exec: number[] = [];
    const rtt: number[] = [];
    for (let i = 0; i < SCALE.seqN; i++) {
      const p = points[(r * SCALE.seqN + i) % points.length];
      const plan = await db.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, [p.lng, p.lat]);
      exec.push(plan.rows[0]['QUERY PLAN'][0]['Execution Time']);
      const s = process.hrtime.bigint();
      await db.query(sql, [p.lng, p.lat]);
      rtt.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
    inDbRuns.push({ p50: percentile(exec, 50), p99: percentile(exec, 99) });
    rttRuns.push({ p50: percentile(rtt, 50), p99: percentile(rtt, 99) });
  }
  add({ section: 'Locate', label: 'in the database p50 (EXPLAIN ANALYZE execution)', value: figure(inDbRuns.map((x) => x.p50), 'ms') });
  const dbP99 = figure(inDbRuns.map((x) => x.p99), 'ms');
  add({ section: 'Locate', label: 'in the database p99', value: dbP99, goal: '< 2 ms', met: dbP99.median < 2 });
  add({ section: 'Locate', label: 'pg round trip p99 (informational)', value: figure(rttRuns.map((x) => x.p99), 'ms') });
  const paths = points.map((p) => `/api/v1/grids/locate?lng=${p.lng}&lat=${p.lat}`);
  const gw = await runs(SCALE.runs, (i) => load<SeqResult>('cannon.mjs', { mode: 'seq', url: gatewayUrl, paths: paths.slice(i * SCALE.seqN).concat(paths).slice(0, SCALE.seqN), headers: auth, n: SCALE.seqN }));
  details.locateGateway = gw;
  add({ section: 'Locate', label: 'through the gateway p50 (one client)', value: figure(gw.map((x) => x.p50), 'ms') });
  const gwP99 = figure(gw.map((x) => x.p99), 'ms');
  const bs = baselineSeq;
  add({ section: 'Locate', label: 'through the gateway p99', value: gwP99, ratio: bs ? round(gwP99.median / bs.p99, 2) : null, goal: '< 10 ms', met: gwP99.median < 10, note: `errors ${gw.reduce((a, x) => a + x.errors, 0)}; ratio to the baseline chain's one-client p99` });
}

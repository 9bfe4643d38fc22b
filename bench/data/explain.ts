// In-database evidence for the dashboard figures: EXPLAIN ANALYZE of the office's own queries,
// and a prototype of the fix for the wide levels (daily counters rolled up per street and per
// district), timed on the same data. The prototype lives only in the bench database.
import { Client } from 'pg';
import { COUNTERS } from '../../apps/office/src/stats/stats.repository';
import { percentile, round } from '../lib/stats';

const SUMS = COUNTERS.map((c) => `sum(${c})::bigint AS ${c}`).join(', ');

async function explain(db: Client, sql: string, params: unknown[]): Promise<{ ms: number; plan: string[] }> {
  const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) ${sql}`, params);
  const lines = rows.map((r) => r['QUERY PLAN'] as string);
  const ms = Number(/Execution Time: ([\d.]+)/.exec(lines.join('\n'))?.[1] ?? NaN);
  return { ms, plan: lines.filter((l) => !/^\s*Buffers|Planning|Execution/.test(l)).slice(0, 12) };
}

async function timed(db: Client, sql: string, params: unknown[], n: number): Promise<{ p50: number; p99: number }> {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = process.hrtime.bigint();
    await db.query(sql, params);
    xs.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  return { p50: round(percentile(xs, 50)), p99: round(percentile(xs, 99)) };
}

export async function dashboardEvidence(db: Client, levels: Record<string, string>, n: number): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [level, root] of Object.entries(levels)) {
    out[`stats ${level}`] = await explain(db, `SELECT key_area, ${SUMS} FROM office.stats_daily WHERE grid_path <@ $1::ltree GROUP BY key_area`, [root]);
    out[`list ${level}`] = await explain(
      db,
      `SELECT i.id, i.code, i.title, i.state, i.reported_at FROM office.incidents i WHERE i.key_area = $1 AND i.grid_path <@ $2::ltree ORDER BY i.reported_at DESC, i.id DESC LIMIT 50`,
      ['illegal_business', root],
    );
  }
  // Prototype: the same counters summed per street and per district (what a roll-up kept in the
  // transaction, or by a trigger on stats_daily, would hold), then the wide levels read from it.
  const t = Date.now();
  await db.query(`DROP TABLE IF EXISTS bench_rollup_street; DROP TABLE IF EXISTS bench_rollup_district`);
  await db.query(`CREATE UNLOGGED TABLE bench_rollup_street AS SELECT day, subpath(grid_path, 0, 3) AS street, key_area, ${SUMS} FROM office.stats_daily WHERE nlevel(grid_path) >= 3 GROUP BY 1, 2, 3`);
  await db.query(`CREATE INDEX ON bench_rollup_street (street, day)`);
  await db.query(`CREATE UNLOGGED TABLE bench_rollup_district AS SELECT day, subpath(street, 0, 2) AS district, key_area, ${COUNTERS.map((c) => `sum(${c})::bigint AS ${c}`).join(', ')} FROM bench_rollup_street GROUP BY 1, 2, 3`);
  await db.query(`CREATE INDEX ON bench_rollup_district (district, day)`);
  await db.query(`ANALYZE bench_rollup_street; ANALYZE bench_rollup_district`);
  const { rows: [c] } = await db.query(`SELECT (SELECT count(*) FROM bench_rollup_street)::int AS street_rows, (SELECT count(*) FROM bench_rollup_district)::int AS district_rows, (SELECT count(*) FROM office.stats_daily)::int AS daily_rows`);
  const rollup: Record<string, unknown> = { buildMs: Date.now() - t, ...c };
  rollup.street = await timed(db, `SELECT key_area, ${SUMS} FROM bench_rollup_street WHERE street = $1::ltree GROUP BY key_area`, [levels.street], n);
  rollup.district = await timed(db, `SELECT key_area, ${SUMS} FROM bench_rollup_district WHERE district = $1::ltree GROUP BY key_area`, [levels.district], n);
  rollup.city = await timed(db, `SELECT key_area, ${SUMS} FROM bench_rollup_district WHERE district <@ $1::ltree GROUP BY key_area`, [levels.city], n);
  rollup.cityLastYear = await timed(db, `SELECT key_area, ${SUMS} FROM bench_rollup_district WHERE district <@ $1::ltree AND day >= current_date - 365 GROUP BY key_area`, [levels.city], n);
  out.rollupPrototype = rollup;
  await db.query(`DROP TABLE bench_rollup_street; DROP TABLE bench_rollup_district`);
  return out;
}

// In-database evidence for the dashboard figures: EXPLAIN ANALYZE of the office's own statements
// (the key-area sums as StatsRepository builds them, over the month/year roll-ups at the street and
// above), beside the plain sum of the daily counters they replace.
import { Client } from 'pg';
import { addDays, streetDay } from '@grid122/calendar';
import { DataSource } from 'typeorm';
import { COUNTERS, StatsRepository } from '../../apps/office/src/stats/stats.repository';
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
  // The office's own statements: all time, and the last 30 days (edge days from the daily counters).
  const repo = new StatsRepository(null as unknown as DataSource);
  const since = addDays(streetDay(), -30);
  const office: Record<string, unknown> = {};
  for (const [level, root] of Object.entries(levels)) {
    for (const [period, from] of [['all time', null], ['last 30 days', since]] as const) {
      const q = repo.sumByKeyAreaSql(root, from, null)!;
      office[`${level} ${period}`] = { ...(await explain(db, q.sql, q.params)), ...(await timed(db, q.sql, q.params, n)) };
    }
  }
  const { rows: [c] } = await db.query(`SELECT (SELECT count(*) FROM office.stats_rollup)::int AS rollup_rows, (SELECT count(*) FROM office.stats_daily)::int AS daily_rows`);
  out.officeStatements = { ...c, ...office };
  return out;
}

// What the index on office.stats_daily.grid_path costs a new daily counter row (an import's rows of
// days the ledger does not count yet; issue 27 item 4, docs/performance.md section 16): Postgres
// alone inserting BENCH_ROWS counter rows (copies of rows spread over the table, ten years back, in
// random order; the roll-up trigger off, as the import's bulk path) and rolling back, in turn A (the
// GiST on grid_path) and C (a B-tree on grid_path::text COLLATE "C"), each keeping its index and
// dropping the other in its transaction, BENCH_ROUNDS rounds back to back. Same figures as
// grid-path-index.ts. On a benchmark database (its name must contain "bench"):
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/grid122_bench node --require ./scripts/swc-register.js bench/micro/grid-path-index-counters.ts
import { readFileSync } from 'node:fs';
import { Client } from 'pg';

const URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/grid122_bench';
const N = Number(process.env.BENCH_ROWS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const GIST = 'stats_daily_grid_path_gist';
const TEXT = 'stats_daily_grid_path_text_idx';
const ARMS: [string, string][] = [
  ['A gist', GIST],
  ['C text', TEXT],
];

const cpuMs = (pid: number): number => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
};

async function run(db: Client, pid: number, name: string, keep: string): Promise<Record<string, number | string>> {
  await db.query('BEGIN');
  try {
    for (const [, i] of ARMS) if (i !== keep) await db.query(`DROP INDEX office.${i}`);
    await db.query('ALTER TABLE office.stats_daily DISABLE TRIGGER stats_daily_rollup');
    const { rows: [w0] } = await db.query(`SELECT pg_current_wal_insert_lsn() AS l`);
    const c0 = cpuMs(pid);
    const t0 = process.hrtime.bigint();
    await db.query(`INSERT INTO office.stats_daily SELECT (day - 3650), grid_path, key_area, found, duplicates, registered, rejected, handled, reworked, closed, solved,
                      closed_on_time, misregistered, res_grid, res_community, res_street, res_district FROM ab_counters ORDER BY k`);
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = cpuMs(pid) - c0;
    const { rows: [r] } = await db.query(
      `SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), $1)::float8 AS wal,
              (SELECT sum(pg_stat_get_xact_blocks_fetched(indexrelid) - pg_stat_get_xact_blocks_hit(indexrelid))::float8
                 FROM pg_index WHERE indrelid = 'office.stats_daily'::regclass) AS reads,
              (SELECT pg_stat_get_xact_blocks_fetched(to_regclass('office.${keep}')) - pg_stat_get_xact_blocks_hit(to_regclass('office.${keep}')))::float8 AS path_reads`,
      [w0.l],
    );
    return { run: name, rowsPerS: Math.round(N / s), cpuUsPerRow: Math.round((cpu * 1000) / N), indexReadsPerRow: +(r.reads / N).toFixed(2), pathIndexReadsPerRow: +(r.path_reads / N).toFixed(2), walKbPerRow: +(r.wal / N / 1024).toFixed(1) };
  } finally {
    await db.query('ROLLBACK');
  }
}

async function main(): Promise<void> {
  if (!/bench/.test(new globalThis.URL(URL).pathname)) throw new Error('BENCH_DATABASE_URL must name a benchmark database');
  const db = new Client({ connectionString: URL });
  await db.connect();
  try {
    await db.query(`CREATE INDEX IF NOT EXISTS ${GIST} ON office.stats_daily USING gist (grid_path)`);
    await db.query(`CREATE INDEX IF NOT EXISTS ${TEXT} ON office.stats_daily ((grid_path::text COLLATE "C"))`);
    const { rows: sizes } = await db.query(`SELECT relname AS index, pg_size_pretty(pg_relation_size(oid)) AS size FROM pg_class WHERE relname = ANY($1) AND relkind = 'i'`, [ARMS.map(([, i]) => i)]);
    console.log(sizes);
    await db.query(`CREATE TEMP TABLE ab_counters AS SELECT row_number() OVER (ORDER BY random()) AS k, * FROM (SELECT * FROM office.stats_daily TABLESAMPLE SYSTEM (5) LIMIT $1) s`, [N]);
    const { rows: [pid] } = await db.query('SELECT pg_backend_pid() AS pid');
    const out: Record<string, number | string>[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      for (const [name, keep] of i % 2 ? [...ARMS].reverse() : ARMS) {
        const r = await run(db, pid.pid, name, keep);
        console.log(JSON.stringify(r));
        out.push(r);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    for (const [name] of ARMS) {
      const rs = out.filter((r) => r.run === name);
      console.log(name, 'median', Object.fromEntries(['rowsPerS', 'cpuUsPerRow', 'indexReadsPerRow', 'pathIndexReadsPerRow', 'walKbPerRow'].map((k) => [k, median(rs.map((r) => r[k] as number))])));
    }
  } finally {
    await db.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

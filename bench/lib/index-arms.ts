// What one index on a table's grid_path costs an inserted row, arm against arm (issue 27 item 4;
// docs/performance.md section 16): the part bench/micro/grid-path-index.ts (office.incidents) and
// grid-path-index-counters.ts (office.stats_daily) share. Postgres alone inserts the sampled rows
// and rolls back, each arm keeping its index and dropping the others in its transaction, `rounds`
// rounds back to back on the same load, each arm first in turn. Per run: rows/s, the backend's CPU
// (/proc, utime + stime) per row, index pages read from outside shared_buffers per row
// (pg_stat_get_xact_blocks_fetched − _hit over the table's indexes, and over the arm's own) and WAL
// per row (the insert LSN). On a benchmark database only (its name must contain "bench").
import { Client } from 'pg';
import { cpuMs } from './procs';

export interface IndexArms {
  /** The table the rows go into, schema-qualified (`office.incidents`). */
  table: string;
  /** Each arm: its name and the index (in the table's schema) it keeps. */
  arms: readonly (readonly [name: string, index: string])[];
  /** The statements that create the arms' indexes when missing. */
  create: readonly string[];
  /** Creates the temporary table of rows to copy, read before anything is timed; `$1` is `rows`. */
  sample: string;
  /** Run in each arm's transaction after its drops, before the timing (e.g. a trigger turned off). */
  setup?: readonly string[];
  /** The timed INSERT of round `round` (0-based). */
  insert: (round: number) => string;
  rows: number;
  rounds: number;
}

type Run = Record<string, number | string>;
const FIGURES = ['rowsPerS', 'cpuUsPerRow', 'indexReadsPerRow', 'pathIndexReadsPerRow', 'walKbPerRow'] as const;

async function run(db: Client, pid: number, b: IndexArms, name: string, keep: string, round: number): Promise<Run> {
  const schema = b.table.split('.')[0];
  await db.query('BEGIN');
  try {
    for (const [, i] of b.arms) if (i !== keep) await db.query(`DROP INDEX ${schema}.${i}`);
    for (const sql of b.setup ?? []) await db.query(sql);
    const { rows: [w0] } = await db.query(`SELECT pg_current_wal_insert_lsn() AS l`);
    const c0 = cpuMs(pid);
    const t0 = process.hrtime.bigint();
    await db.query(b.insert(round));
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = cpuMs(pid) - c0;
    const { rows: [r] } = await db.query(
      `SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), $1)::float8 AS wal,
              (SELECT sum(pg_stat_get_xact_blocks_fetched(indexrelid) - pg_stat_get_xact_blocks_hit(indexrelid))::float8
                 FROM pg_index WHERE indrelid = '${b.table}'::regclass) AS reads,
              (SELECT sum(pg_stat_get_xact_blocks_fetched(indexrelid) - pg_stat_get_xact_blocks_hit(indexrelid))::float8
                 FROM pg_index WHERE indexrelid = to_regclass('${schema}.${keep}')) AS path_reads`,
      [w0.l],
    );
    const n = b.rows;
    return {
      run: name,
      rowsPerS: Math.round(n / s),
      cpuUsPerRow: Math.round((cpu * 1000) / n),
      indexReadsPerRow: +(r.reads / n).toFixed(2),
      pathIndexReadsPerRow: +(r.path_reads / n).toFixed(2),
      walKbPerRow: +(r.wal / n / 1024).toFixed(1),
    };
  } finally {
    await db.query('ROLLBACK');
  }
}

/** Runs the arms on the database at `url`, printing each run as a JSON line and each arm's medians. */
export async function runIndexArms(url: string, b: IndexArms): Promise<void> {
  if (!/bench/.test(new globalThis.URL(url).pathname)) throw new Error('BENCH_DATABASE_URL must name a benchmark database');
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    for (const sql of b.create) await db.query(sql);
    const { rows: sizes } = await db.query(
      `SELECT c.relname AS index, pg_size_pretty(pg_relation_size(c.oid)) AS size FROM pg_class c WHERE c.relname = ANY($1) AND c.relkind = 'i'`,
      [b.arms.map(([, i]) => i)],
    );
    console.log(sizes);
    await db.query(b.sample, [b.rows]);
    const { rows: [pid] } = await db.query('SELECT pg_backend_pid() AS pid');
    const out: Run[] = [];
    for (let i = 0; i < b.rounds; i++) {
      const order = b.arms.map((_, k) => b.arms[(k + i) % b.arms.length]); // each arm first in turn
      for (const [name, keep] of order) {
        const r = await run(db, pid.pid, b, name, keep, i);
        console.log(JSON.stringify(r));
        out.push(r);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, c) => a - c)[Math.floor(xs.length / 2)];
    for (const [name] of b.arms) {
      const rs = out.filter((r) => r.run === name);
      console.log(name, 'median', Object.fromEntries(FIGURES.map((k) => [k, median(rs.map((r) => r[k] as number))])));
    }
  } finally {
    await db.end();
  }
}

// What the index on office.incidents.grid_path costs an imported row (issue 27 item 4;
// docs/performance.md section 16): Postgres alone inserting BENCH_ROWS closed incidents (copies of
// existing rows spread over the table, new codes and references, in random order as an import's
// file) and rolling back, in turn A (the GiST on grid_path), B (a B-tree on grid_path) and C (a
// B-tree on grid_path::text COLLATE "C", which deduplicates), each keeping its index and dropping
// the others in its transaction, BENCH_ROUNDS rounds back to back on the same load (the script
// creates the indexes when missing; drop the two not in use afterwards).
// Per run: rows/s, the backend's CPU (/proc, utime + stime) per row, index pages read from outside
// shared_buffers per row (pg_stat_get_xact_blocks_fetched − _hit over the table's indexes) and WAL
// per row (the insert LSN). On a benchmark database (its name must contain "bench"):
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/grid122_bench node --require ./scripts/swc-register.js bench/micro/grid-path-index.ts
import { readFileSync } from 'node:fs';
import { Client } from 'pg';

const URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/grid122_bench';
const N = Number(process.env.BENCH_ROWS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const GIST = 'incidents_grid_path_gist';
const BTREE = 'incidents_grid_path_idx';
const TEXT = 'incidents_grid_path_text_idx';
/** Each arm keeps one index on the path and drops the others in its transaction. */
const ARMS: [string, string][] = [
  ['A gist', GIST],
  ['B btree', BTREE],
  ['C text', TEXT],
];
const COLS =
  'code, title, description, key_area, category, state, source, source_ref, grid_id, grid_path, location, address, reporter_name, closure_type, ' +
  'resolution_level, handled_ever, escalated_ever, stats_day, reported_at, registered_at, handled_at, closed_at, created_at, updated_at';

/** The backend's CPU time in ms (utime + stime from /proc; the server runs on this machine). */
const cpuMs = (pid: number): number => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // clock ticks (USER_HZ = 100)
};

async function run(db: Client, pid: number, name: string, keep: string, round: number): Promise<Record<string, number | string>> {
  await db.query('BEGIN');
  try {
    for (const [, i] of ARMS) if (i !== keep) await db.query(`DROP INDEX office.${i}`);
    const { rows: [w0] } = await db.query(`SELECT pg_current_wal_insert_lsn() AS l`);
    const c0 = cpuMs(pid);
    const t0 = process.hrtime.bigint();
    await db.query(
      `INSERT INTO office.incidents (${COLS})
       SELECT code || '-AB${round}', title, description, key_area, category, state, 'district_platform', 'AB${round}-' || code, grid_id, grid_path, location,
         address, reporter_name, closure_type, resolution_level, handled_ever, escalated_ever, stats_day, reported_at, registered_at, handled_at, closed_at, now(), now()
       FROM ab_rows ORDER BY k`,
    );
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = cpuMs(pid) - c0;
    const { rows: [r] } = await db.query(
      `SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), $1)::float8 AS wal,
              (SELECT sum(pg_stat_get_xact_blocks_fetched(indexrelid) - pg_stat_get_xact_blocks_hit(indexrelid))::float8
                 FROM pg_index WHERE indrelid = 'office.incidents'::regclass) AS reads,
              (SELECT sum(pg_stat_get_xact_blocks_fetched(indexrelid) - pg_stat_get_xact_blocks_hit(indexrelid))::float8
                 FROM pg_index WHERE indexrelid = to_regclass('office.${keep}')) AS path_reads`,
      [w0.l],
    );
    return {
      run: name,
      rowsPerS: Math.round(N / s),
      cpuUsPerRow: Math.round((cpu * 1000) / N),
      indexReadsPerRow: +(r.reads / N).toFixed(2),
      pathIndexReadsPerRow: +(r.path_reads / N).toFixed(2),
      walKbPerRow: +(r.wal / N / 1024).toFixed(1),
    };
  } finally {
    await db.query('ROLLBACK');
  }
}

async function main(): Promise<void> {
  if (!/bench/.test(new globalThis.URL(URL).pathname)) throw new Error('BENCH_DATABASE_URL must name a benchmark database');
  const db = new Client({ connectionString: URL });
  await db.connect();
  try {
    await db.query(`CREATE INDEX IF NOT EXISTS ${GIST} ON office.incidents USING gist (grid_path)`); // gone since section 16's migration
    await db.query(`CREATE INDEX IF NOT EXISTS ${BTREE} ON office.incidents (grid_path)`);
    await db.query(`CREATE INDEX IF NOT EXISTS ${TEXT} ON office.incidents ((grid_path::text COLLATE "C"))`);
    const { rows: sizes } = await db.query(
      `SELECT c.relname AS index, pg_size_pretty(pg_relation_size(c.oid)) AS size FROM pg_class c WHERE c.relname = ANY($1) AND c.relkind = 'i'`,
      [ARMS.map(([, i]) => i)],
    );
    console.log(sizes);
    // The rows to copy, read before anything is timed: closed ones spread over the table, in random order.
    await db.query(
      `CREATE TEMP TABLE ab_rows AS SELECT row_number() OVER (ORDER BY random()) AS k, * FROM (
         SELECT * FROM office.incidents TABLESAMPLE SYSTEM (5) WHERE state = 'closed' LIMIT $1) s`,
      [N],
    );
    const { rows: [pid] } = await db.query('SELECT pg_backend_pid() AS pid');
    const out: Record<string, number | string>[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const order = ARMS.map((_, k) => ARMS[(k + i) % ARMS.length]); // each arm first in turn
      for (const [name, keep] of order) {
        const r = await run(db, pid.pid, name, keep, i);
        console.log(JSON.stringify(r));
        out.push(r);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    for (const [name] of ARMS) {
      const rs = out.filter((r) => r.run === name);
      const keys = ['rowsPerS', 'cpuUsPerRow', 'indexReadsPerRow', 'pathIndexReadsPerRow', 'walKbPerRow'];
      console.log(name, 'median', Object.fromEntries(keys.map((k) => [k, median(rs.map((r) => r[k] as number))])));
    }
  } finally {
    await db.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

// What the index on office.incidents.grid_path costs an imported row (issue 27 item 4;
// docs/performance.md section 16): Postgres alone inserting BENCH_ROWS closed incidents (copies of
// existing rows spread over the table, new codes and references, in random order as an import's
// file) and rolling back, in turn A (the GiST on grid_path), B (a B-tree on grid_path) and C (a
// B-tree on grid_path::text COLLATE "C", which deduplicates), each keeping its index and dropping
// the others in its transaction, BENCH_ROUNDS rounds back to back on the same load (the script
// creates the indexes when missing; drop the two not in use afterwards). The runs and their figures:
// bench/lib/index-arms.ts. On a benchmark database (its name must contain "bench"):
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/grid122_bench node --require ./scripts/swc-register.js bench/micro/grid-path-index.ts
import { runIndexArms } from '../lib/index-arms';

const GIST = 'incidents_grid_path_gist';
const BTREE = 'incidents_grid_path_idx';
const TEXT = 'incidents_grid_path_text_idx';
const COLS =
  'code, title, description, key_area, category, state, source, source_ref, grid_id, grid_path, location, address, reporter_name, closure_type, ' +
  'resolution_level, handled_ever, escalated_ever, stats_day, reported_at, registered_at, handled_at, closed_at, created_at, updated_at';

runIndexArms(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/grid122_bench', {
  table: 'office.incidents',
  arms: [
    ['A gist', GIST],
    ['B btree', BTREE],
    ['C text', TEXT],
  ],
  create: [
    `CREATE INDEX IF NOT EXISTS ${GIST} ON office.incidents USING gist (grid_path)`, // gone since section 16's migration
    `CREATE INDEX IF NOT EXISTS ${BTREE} ON office.incidents (grid_path)`,
    `CREATE INDEX IF NOT EXISTS ${TEXT} ON office.incidents ((grid_path::text COLLATE "C"))`,
  ],
  // Closed rows spread over the table, in random order.
  sample: `CREATE TEMP TABLE ab_rows AS SELECT row_number() OVER (ORDER BY random()) AS k, * FROM (
             SELECT * FROM office.incidents TABLESAMPLE SYSTEM (5) WHERE state = 'closed' LIMIT $1) s`,
  insert: (round) => `INSERT INTO office.incidents (${COLS})
     SELECT code || '-AB${round}', title, description, key_area, category, state, 'district_platform', 'AB${round}-' || code, grid_id, grid_path, location,
       address, reporter_name, closure_type, resolution_level, handled_ever, escalated_ever, stats_day, reported_at, registered_at, handled_at, closed_at, now(), now()
     FROM ab_rows ORDER BY k`,
  rows: Number(process.env.BENCH_ROWS ?? 20_000),
  rounds: Number(process.env.BENCH_ROUNDS ?? 5),
}).catch((e) => {
  console.error(e);
  process.exit(1);
});

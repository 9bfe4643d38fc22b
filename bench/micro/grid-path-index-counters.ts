// What the index on office.stats_daily.grid_path costs a new daily counter row (an import's rows of
// days the ledger does not count yet; issue 27 item 4, docs/performance.md section 16): Postgres
// alone inserting BENCH_ROWS counter rows (copies of rows spread over the table, ten years back, in
// random order; the roll-up trigger off, as the import's bulk path) and rolling back, in turn A (the
// GiST on grid_path) and C (a B-tree on grid_path::text COLLATE "C"), each keeping its index and
// dropping the other in its transaction, BENCH_ROUNDS rounds back to back. The runs and their
// figures, as grid-path-index.ts: bench/lib/index-arms.ts. On a benchmark database (its name must contain "bench"):
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/grid122_bench node --require ./scripts/swc-register.js bench/micro/grid-path-index-counters.ts
import { runIndexArms } from '../lib/index-arms';

const GIST = 'stats_daily_grid_path_gist';
const TEXT = 'stats_daily_grid_path_text_idx';

runIndexArms(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/grid122_bench', {
  table: 'office.stats_daily',
  arms: [
    ['A gist', GIST],
    ['C text', TEXT],
  ],
  create: [`CREATE INDEX IF NOT EXISTS ${GIST} ON office.stats_daily USING gist (grid_path)`, `CREATE INDEX IF NOT EXISTS ${TEXT} ON office.stats_daily ((grid_path::text COLLATE "C"))`],
  sample: `CREATE TEMP TABLE ab_counters AS SELECT row_number() OVER (ORDER BY random()) AS k, * FROM (SELECT * FROM office.stats_daily TABLESAMPLE SYSTEM (5) LIMIT $1) s`,
  setup: ['ALTER TABLE office.stats_daily DISABLE TRIGGER stats_daily_rollup'],
  insert: () => `INSERT INTO office.stats_daily SELECT (day - 3650), grid_path, key_area, found, duplicates, registered, rejected, handled, reworked, closed, solved,
                   closed_on_time, misregistered, res_grid, res_community, res_street, res_district FROM ab_counters ORDER BY k`,
  rows: Number(process.env.BENCH_ROWS ?? 20_000),
  rounds: Number(process.env.BENCH_ROUNDS ?? 4),
}).catch((e) => {
  console.error(e);
  process.exit(1);
});

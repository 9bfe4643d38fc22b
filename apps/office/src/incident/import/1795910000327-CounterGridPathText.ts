import { createIndexUnlessBuilt } from '@grid122/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The daily counters' (日统计) grid-path index as a B-tree on the path's text in byte order, in
 * place of the GiST, as the incidents' (IncidentGridPathText1795910000227; issue 27 item 4;
 * docs/performance.md section 16). The counters' scoped statements (a street's edge days, a
 * community's or a grid's figures, the hub's streets, hotspots' counts by place) are written by
 * `subtreeRange`: `<@` and the range this index serves. Deduplicated, 14 MB against the GiST's
 * 228 MB at 1.9M counter rows; a new counter row (an import's day the ledger did not count) costs
 * ~9 µs of backend CPU and ~0.1 index reads from outside shared_buffers against ~19 and ~0.4.
 */
export class CounterGridPathText1795910000327 implements MigrationInterface {
  name = 'CounterGridPathText1795910000327';

  async up(q: QueryRunner): Promise<void> {
    // Built beforehand with CONCURRENTLY on a large ledger (docs/operations.md, upgrading a large ledger): kept.
    await createIndexUnlessBuilt(q, 'office', 'stats_daily_grid_path_text_idx', `"stats_daily" ((grid_path::text COLLATE "C"))`);
    await q.query(`DROP INDEX IF EXISTS "office"."stats_daily_grid_path_gist"`);
    await q.query(`ANALYZE "office"."stats_daily"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "stats_daily_grid_path_gist" ON "office"."stats_daily" USING gist ("grid_path")`);
    await q.query(`DROP INDEX IF EXISTS "office"."stats_daily_grid_path_text_idx"`);
  }
}

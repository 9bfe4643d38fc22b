import { createIndexUnlessBuilt } from '@grid122/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The category counters' (分类日统计) grid-path index as a B-tree on the path's text in byte order,
 * in place of the GiST, as the incidents' and the daily counters' (IncidentGridPathText1795910000227,
 * CounterGridPathText1795910000327; issue 27 item 4; docs/performance.md section 16). Their scoped
 * statements (themes' windows, weeks, grids, months and first day; hotspots' recurrences and counts
 * by place) are written by `subtreeRange`: `<@` and the range this index serves.
 */
export class CategoryCounterGridPathText1795910000427 implements MigrationInterface {
  name = 'CategoryCounterGridPathText1795910000427';

  async up(q: QueryRunner): Promise<void> {
    // Built beforehand with CONCURRENTLY on a large ledger (docs/operations.md, upgrading a large ledger): kept.
    await createIndexUnlessBuilt(q, 'office', 'category_daily_grid_path_text_idx', `"category_daily" ((grid_path::text COLLATE "C"))`);
    await q.query(`DROP INDEX IF EXISTS "office"."category_daily_grid_path_gist"`);
    await q.query(`ANALYZE "office"."category_daily"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "category_daily_grid_path_gist" ON "office"."category_daily" USING gist ("grid_path")`);
    await q.query(`DROP INDEX IF EXISTS "office"."category_daily_grid_path_text_idx"`);
  }
}

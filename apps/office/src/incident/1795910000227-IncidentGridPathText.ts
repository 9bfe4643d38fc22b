import { createIndexUnlessBuilt } from '@grid122/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The incidents' scope index (辖区范围) as a B-tree on the grid path's text in byte order, in place
 * of the GiST on the ltree (issue 27 item 4; docs/performance.md section 16).
 *
 * Every scope other than a street (a district, a community, a grid: the list, the queue, themes,
 * hotspots, the hub, dual reports) is written by `subtreeRange` (@grid122/persistence): the `<@`
 * that decides, and beside it the subtree as a range of the path's text, which this index serves.
 * A B-tree on text deduplicates (the ltree B-tree operator class cannot: it has no equal-image
 * support), so with a few thousand distinct paths the index is ~20 × smaller than the GiST (14 MB
 * against 265 MB at 2M rows) and an inserted row lands on its path's last leaf page, which stays
 * cached, where the GiST put it at a random page. The index's own statistics (the expression's)
 * give the planner the size of a grid's or a community's range.
 *
 * Plan tests: apps/office/test/query-plans.e2e-spec.ts.
 */
export class IncidentGridPathText1795910000227 implements MigrationInterface {
  name = 'IncidentGridPathText1795910000227';

  async up(q: QueryRunner): Promise<void> {
    // Built beforehand with CONCURRENTLY on a large ledger (docs/operations.md, upgrading a large ledger): kept.
    await createIndexUnlessBuilt(q, 'office', 'incidents_grid_path_text_idx', `"incidents" ((grid_path::text COLLATE "C"))`);
    await q.query(`DROP INDEX IF EXISTS "office"."incidents_grid_path_gist"`);
    await q.query(`ANALYZE "office"."incidents"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "incidents_grid_path_gist" ON "office"."incidents" USING gist ("grid_path")`);
    await q.query(`DROP INDEX IF EXISTS "office"."incidents_grid_path_text_idx"`);
  }
}

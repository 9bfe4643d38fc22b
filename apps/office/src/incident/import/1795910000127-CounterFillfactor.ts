import { MigrationInterface, QueryRunner } from 'typeorm';

/** The counter tables every intake, transition and bulk import adds to (日报计数、汇总、类别计数). */
const COUNTER_TABLES = ['stats_daily', 'stats_rollup', 'category_daily'];

/**
 * Room on every page of the counter tables (fillfactor 80), so that adding to a counter row is a
 * HOT update — the new version on the same page, no index touched — instead of a move to another
 * page with a new entry in each of the table's indexes (for the daily counters: the primary key
 * and the grid-path GiST, each at a random page). Measured on the benchmark's 2M-incident
 * database (pages filled to 100 % by the counters' rebuild): 40 of 10,000 counter updates were
 * HOT. Applies to pages written from now on (a recount, new days); `VACUUM FULL` of the table
 * gives the existing rows the room too (docs/operations.md, sizing). docs/performance.md
 * section 14. Test: apps/office/test/query-plans.e2e-spec.ts (a counter's update stays HOT).
 */
export class CounterFillfactor1795910000127 implements MigrationInterface {
  name = 'CounterFillfactor1795910000127';

  async up(q: QueryRunner): Promise<void> {
    for (const t of COUNTER_TABLES) await q.query(`ALTER TABLE "office"."${t}" SET (fillfactor = 80)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of COUNTER_TABLES) await q.query(`ALTER TABLE "office"."${t}" RESET (fillfactor)`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

const COUNTERS = [
  'found', 'duplicates', 'registered', 'rejected', 'handled', 'reworked', 'closed', 'solved',
  'closed_on_time', 'misregistered', 'res_grid', 'res_community', 'res_street', 'res_district',
];

/**
 * Day rows per district (the first two path labels) in the roll-up, so a district's or the city's
 * figures for a range that starts or ends inside a month (the last 30 days, this month so far)
 * read ~70 rows a day instead of every (L3 grid, key area) of the day. The GiST index on the
 * prefix goes: at city level it matched every row and the planner ANDed it with the primary key
 * for nothing; a btree on (prefix, period, start) serves the exact street and district prefixes.
 *
 * Lock order, everywhere: the daily counter row, then the roll-up rows in (period, start, prefix,
 * key area) order — day, month, year — as the bulk writers' sorted inserts take them.
 */
export class StatsRollupDays1795620000100 implements MigrationInterface {
  name = 'StatsRollupDays1795620000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "office"."stats_rollup" DROP CONSTRAINT IF EXISTS "stats_rollup_period_check"`);
    await q.query(`ALTER TABLE "office"."stats_rollup" ADD CONSTRAINT "stats_rollup_period_check" CHECK ("period" IN ('day', 'month', 'year'))`);
    await q.query(`DROP INDEX IF EXISTS "office"."stats_rollup_prefix_gist"`);
    await q.query(`CREATE INDEX "stats_rollup_prefix_idx" ON "office"."stats_rollup" ("prefix", "period", "start")`);

    await q.query(applyFunction(['day', 'month', 'year']));

    await q.query(`
      INSERT INTO office.stats_rollup (period, start, prefix, key_area, ${COUNTERS.join(', ')})
      SELECT 'day', day, subpath(grid_path, 0, least(2, nlevel(grid_path))), key_area, ${COUNTERS.map((c) => `sum(${c})`).join(', ')}
      FROM office.stats_daily GROUP BY 2, 3, 4`);
    await q.query(`ANALYZE office.stats_rollup`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "office"."stats_rollup" WHERE "period" = 'day'`);
    await q.query(`DROP INDEX IF EXISTS "office"."stats_rollup_prefix_idx"`);
    await q.query(`CREATE INDEX "stats_rollup_prefix_gist" ON "office"."stats_rollup" USING gist ("prefix")`);
    await q.query(`ALTER TABLE "office"."stats_rollup" DROP CONSTRAINT IF EXISTS "stats_rollup_period_check"`);
    await q.query(`ALTER TABLE "office"."stats_rollup" ADD CONSTRAINT "stats_rollup_period_check" CHECK ("period" IN ('month', 'year'))`);
    await q.query(applyFunction(['month', 'year']));
  }
}

/** The roll-up trigger's function over the given periods: day rows by district (2 labels), month and year by street (3). */
function applyFunction(periods: string[]): string {
  const delta = (c: string) => `COALESCE(n.${c}, 0) - COALESCE(o.${c}, 0)`;
  return `
    CREATE OR REPLACE FUNCTION "office"."stats_rollup_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      n office.stats_daily;
      o office.stats_daily;
      d date;
      g ltree;
      k text;
      per text;
    BEGIN
      IF current_setting('office.stats_rollup_off', true) = 'on' THEN RETURN NULL; END IF;
      IF TG_OP <> 'DELETE' THEN n := NEW; END IF;
      IF TG_OP <> 'INSERT' THEN o := OLD; END IF;
      IF TG_OP = 'UPDATE' AND (OLD.day, OLD.grid_path, OLD.key_area) IS DISTINCT FROM (NEW.day, NEW.grid_path, NEW.key_area) THEN
        RAISE EXCEPTION 'stats_daily keys are never rewritten';
      END IF;
      d := COALESCE(n.day, o.day);
      g := COALESCE(n.grid_path, o.grid_path);
      k := COALESCE(n.key_area, o.key_area);
      -- In (period, start, prefix, key area) order: the order every writer takes the rows in.
      FOREACH per IN ARRAY ARRAY[${periods.map((x) => `'${x}'`).join(', ')}] LOOP
        INSERT INTO office.stats_rollup (period, start, prefix, key_area, ${COUNTERS.join(', ')})
        VALUES (per, date_trunc(per, d)::date, subpath(g, 0, least(CASE per WHEN 'day' THEN 2 ELSE 3 END, nlevel(g))), k,
                ${COUNTERS.map(delta).join(', ')})
        ON CONFLICT (period, start, prefix, key_area) DO UPDATE SET
          ${COUNTERS.map((c) => `${c} = office.stats_rollup.${c} + EXCLUDED.${c}`).join(', ')};
      END LOOP;
      RETURN NULL;
    END $$`;
}

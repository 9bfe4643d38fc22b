import { MigrationInterface, QueryRunner } from 'typeorm';

// The counters as of this migration (a migration never imports code that may change after it).
const COUNTERS = [
  'found', 'duplicates', 'registered', 'rejected', 'handled', 'reworked', 'closed', 'solved',
  'closed_on_time', 'misregistered', 'res_grid', 'res_community', 'res_street', 'res_district',
];

/**
 * Roll-ups of the daily counters (统计汇总), so the dashboard stays fast at district and city
 * level over years: the same counters per calendar month and per calendar year × grid-path
 * prefix (the first 3 labels — the street in city.district.street) × key area.
 *
 * Kept in the same transaction as office.stats_daily by a row trigger on it (every writer of the
 * daily counters — intake, transitions — keeps them without knowing); bulk writers (the recount,
 * the import) switch the trigger off for their transaction (`office.stats_rollup_off`) and add
 * their rows grouped and in key order instead. The daily table stays the truth: the roll-up can
 * always be rebuilt from it (StatsRepository.rebuildRollup).
 */
export class StatsRollup1795620000000 implements MigrationInterface {
  name = 'StatsRollup1795620000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "office"."stats_rollup" (
        "period" text NOT NULL CHECK ("period" IN ('month', 'year')),
        "start" date NOT NULL,
        "prefix" ltree NOT NULL,
        "key_area" text NOT NULL,
        ${COUNTERS.map((c) => `"${c}" bigint NOT NULL DEFAULT 0`).join(',\n        ')},
        PRIMARY KEY ("period", "start", "prefix", "key_area")
      )`);
    await q.query(`CREATE INDEX "stats_rollup_prefix_gist" ON "office"."stats_rollup" USING gist ("prefix")`);

    const delta = (c: string) => `COALESCE(n.${c}, 0) - COALESCE(o.${c}, 0)`;
    await q.query(`
      CREATE FUNCTION "office"."stats_rollup_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        n office.stats_daily;
        o office.stats_daily;
        d date;
        p ltree;
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
        p := subpath(COALESCE(n.grid_path, o.grid_path), 0, least(3, nlevel(COALESCE(n.grid_path, o.grid_path))));
        k := COALESCE(n.key_area, o.key_area);
        -- Month before year, always: every writer takes the roll-up rows in the same order.
        FOREACH per IN ARRAY ARRAY['month', 'year'] LOOP
          INSERT INTO office.stats_rollup (period, start, prefix, key_area, ${COUNTERS.join(', ')})
          VALUES (per, date_trunc(per, d)::date, p, k, ${COUNTERS.map(delta).join(', ')})
          ON CONFLICT (period, start, prefix, key_area) DO UPDATE SET
            ${COUNTERS.map((c) => `${c} = office.stats_rollup.${c} + EXCLUDED.${c}`).join(', ')};
        END LOOP;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER "stats_daily_rollup" AFTER INSERT OR UPDATE OR DELETE ON "office"."stats_daily"
      FOR EACH ROW EXECUTE FUNCTION "office"."stats_rollup_apply"()`);

    // What is already counted.
    await q.query(`
      INSERT INTO office.stats_rollup (period, start, prefix, key_area, ${COUNTERS.join(', ')})
      SELECT per, date_trunc(per, day)::date, subpath(grid_path, 0, least(3, nlevel(grid_path))), key_area,
             ${COUNTERS.map((c) => `sum(${c})`).join(', ')}
      FROM office.stats_daily CROSS JOIN (VALUES ('month'), ('year')) AS pe(per)
      GROUP BY 1, 2, 3, 4`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS "stats_daily_rollup" ON "office"."stats_daily"`);
    await q.query(`DROP FUNCTION IF EXISTS "office"."stats_rollup_apply"()`);
    await q.query(`DROP TABLE IF EXISTS "office"."stats_rollup"`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

const COUNTERS = [
  'found', 'duplicates', 'registered', 'rejected', 'handled', 'reworked', 'closed', 'solved',
  'closed_on_time', 'misregistered', 'res_grid', 'res_community', 'res_street', 'res_district',
];

/** (period, prefix depth) rows the trigger keeps, in the order it takes them (see below). */
const PAIRS_UP: [string, number][] = [['day', 2], ['month', 2], ['month', 3], ['year', 2], ['year', 3]];
const PAIRS_DOWN: [string, number][] = [['day', 2], ['month', 3], ['year', 3]];

/**
 * Month and year rows per district (the first two path labels) beside those per street, so a
 * district's figures over years read one row per year and key area, and the city's the ~10
 * districts' rows — not every street's. Measured at 10M incidents: the all-time district and
 * city statistics read every street's year rows (`prefix <@ root` cannot use the btree), and the
 * planner made that a parallel scan of the whole roll-up (~330 ms on 2 busy cores).
 *
 * A (period, depth) row is written for a daily row whose grid is at least that deep; a grid
 * shallower than the street (an incident on the district itself) gets only the district row, so
 * no two depths ever share a key. Readers: a street or district root reads its exact prefix; the
 * city reads the rows of depth ≤ 2 (partial index `stats_rollup_district_idx`).
 *
 * Lock order is unchanged in kind: (period, start, prefix, key area) — day, month (district before
 * street: a prefix sorts before its extensions), year — as the bulk writers' sorted inserts take them.
 */
export class StatsRollupDistricts1795640000000 implements MigrationInterface {
  name = 'StatsRollupDistricts1795640000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(applyFunction(PAIRS_UP));
    // District month/year rows from the street ones; a shallow grid's own row (prefix of ≤ 2
    // labels) is folded into the aggregate over its key, which already counts it.
    await q.query(`
      INSERT INTO office.stats_rollup (period, start, prefix, key_area, ${COUNTERS.join(', ')})
      SELECT period, start, subpath(prefix, 0, least(2, nlevel(prefix))), key_area, ${COUNTERS.map((c) => `sum(${c})`).join(', ')}
      FROM office.stats_rollup WHERE period IN ('month', 'year')
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      ON CONFLICT (period, start, prefix, key_area) DO UPDATE SET ${COUNTERS.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`);
    await q.query(`CREATE INDEX "stats_rollup_district_idx" ON "office"."stats_rollup" ("period", "start") WHERE nlevel("prefix") <= 2`);
    await q.query(`ANALYZE office.stats_rollup`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "office"."stats_rollup_district_idx"`);
    await q.query(`DELETE FROM office.stats_rollup WHERE period IN ('month', 'year') AND nlevel(prefix) <= 2`);
    // A shallow grid's own street-depth rows, as the previous trigger kept them.
    await q.query(`
      INSERT INTO office.stats_rollup (period, start, prefix, key_area, ${COUNTERS.join(', ')})
      SELECT pe.per, date_trunc(pe.per, day)::date, grid_path, key_area, ${COUNTERS.map((c) => `sum(${c})`).join(', ')}
      FROM office.stats_daily CROSS JOIN (VALUES ('month'), ('year')) AS pe(per)
      WHERE nlevel(grid_path) <= 2 GROUP BY 1, 2, 3, 4`);
    await q.query(applyFunction(PAIRS_DOWN));
  }
}

/** The roll-up trigger's function over (period, depth) pairs; a depth beyond the grid's own is skipped unless it is the period's first. */
function applyFunction(pairs: [string, number][]): string {
  const delta = (c: string) => `COALESCE(n.${c}, 0) - COALESCE(o.${c}, 0)`;
  const first = (per: string) => Math.min(...pairs.filter(([p]) => p === per).map(([, d]) => d));
  return `
    CREATE OR REPLACE FUNCTION "office"."stats_rollup_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      n office.stats_daily;
      o office.stats_daily;
      d date;
      g ltree;
      k text;
      i int;
      pers text[] := ARRAY[${pairs.map(([p]) => `'${p}'`).join(', ')}];
      depths int[] := ARRAY[${pairs.map(([, dd]) => dd).join(', ')}];
      firsts int[] := ARRAY[${pairs.map(([p]) => first(p)).join(', ')}];
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
      FOR i IN 1 .. array_length(pers, 1) LOOP
        CONTINUE WHEN depths[i] > nlevel(g) AND depths[i] > firsts[i];
        INSERT INTO office.stats_rollup (period, start, prefix, key_area, ${COUNTERS.join(', ')})
        VALUES (pers[i], date_trunc(pers[i], d)::date, subpath(g, 0, least(depths[i], nlevel(g))), k,
                ${COUNTERS.map(delta).join(', ')})
        ON CONFLICT (period, start, prefix, key_area) DO UPDATE SET
          ${COUNTERS.map((c) => `${c} = office.stats_rollup.${c} + EXCLUDED.${c}`).join(', ')};
      END LOOP;
      RETURN NULL;
    END $$`;
}

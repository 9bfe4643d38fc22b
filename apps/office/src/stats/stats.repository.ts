import { Injectable } from '@nestjs/common';
import { subtreeRange } from '@grid122/persistence';
import { DataSource, EntityManager } from 'typeorm';

/** The counters of office.stats_daily (per reporting day × L3 grid × key area). */
export const COUNTERS = [
  'found',
  'duplicates',
  'registered',
  'rejected',
  'handled',
  'reworked',
  'closed',
  'solved',
  'closed_on_time',
  'misregistered',
  'res_grid',
  'res_community',
  'res_street',
  'res_district',
] as const;
export type Counter = (typeof COUNTERS)[number];
export type CounterDeltas = Partial<Record<Counter, number>>;

export interface StatsKey {
  day: string;
  gridPath: string;
  keyArea: string;
}

/** One bump of a cohort's counters, as `bump` takes it. */
export interface CounterBump {
  key: StatsKey;
  deltas: CounterDeltas;
}

@Injectable()
export class StatsRepository {
  constructor(private readonly ds: DataSource) {}

  /** Adds deltas to a cohort's counters inside the caller's transaction (the incident's reporting day). */
  async bump(m: EntityManager, key: StatsKey, deltas: CounterDeltas): Promise<void> {
    const st = this.bumpStatement(key, deltas);
    if (st) await m.query(st.sql, st.params);
  }

  /**
   * The bump as a statement ($1… its own parameters), for a caller that runs it in one round trip
   * with another (the intake: a CTE of its outbox insert); undefined when nothing moves.
   */
  bumpStatement(key: StatsKey, deltas: CounterDeltas): { sql: string; params: unknown[] } | undefined {
    const cols = COUNTERS.filter((c) => deltas[c]);
    if (cols.length === 0) return undefined;
    return {
      sql: `INSERT INTO office.stats_daily (day, grid_path, key_area, ${cols.join(', ')})
       VALUES ($1, $2::ltree, $3, ${cols.map((_, i) => `$${i + 4}`).join(', ')})
       ON CONFLICT (day, grid_path, key_area) DO UPDATE SET ${cols.map((c) => `${c} = office.stats_daily.${c} + EXCLUDED.${c}`).join(', ')}`,
      params: [key.day, key.gridPath, key.keyArea, ...cols.map((c) => deltas[c])],
    };
  }

  /**
   * The counters as they follow from the incident rows (same rules as the transitions keep):
   * used by the bulk demo seed and to check the counters never drift.
   */
  recountSql(where = 'TRUE'): string {
    return `SELECT stats_day AS day, grid_path, key_area,
        count(*) FILTER (WHERE state <> 'duplicate')::int AS found,
        count(*) FILTER (WHERE state = 'duplicate')::int AS duplicates,
        count(*) FILTER (WHERE registered_at IS NOT NULL)::int AS registered,
        count(*) FILTER (WHERE state = 'rejected')::int AS rejected,
        count(*) FILTER (WHERE handled_ever)::int AS handled,
        count(*) FILTER (WHERE rework_count > 0)::int AS reworked,
        count(*) FILTER (WHERE state = 'closed')::int AS closed,
        count(*) FILTER (WHERE state = 'closed' AND closure_type = 'fixed')::int AS solved,
        count(*) FILTER (WHERE state = 'closed' AND on_time)::int AS closed_on_time,
        count(*) FILTER (WHERE state = 'closed' AND closure_type = 'not_responsible')::int AS misregistered,
        count(*) FILTER (WHERE state = 'closed' AND resolution_level = 'grid')::int AS res_grid,
        count(*) FILTER (WHERE state = 'closed' AND resolution_level = 'community')::int AS res_community,
        count(*) FILTER (WHERE state = 'closed' AND resolution_level = 'street')::int AS res_street,
        count(*) FILTER (WHERE state = 'closed' AND resolution_level = 'district')::int AS res_district
      FROM office.incidents WHERE ${where} GROUP BY stats_day, grid_path, key_area`;
  }

  /**
   * Rebuilds the daily counters from the rows, and the roll-ups from them (after a bulk insert).
   * The row trigger is off for the transaction: the roll-ups are written once, grouped.
   */
  async recount(m: EntityManager | DataSource = this.ds): Promise<void> {
    const run = async (t: EntityManager) => {
      await rollupTriggerOff(t, true);
      await t.query(`DELETE FROM office.stats_daily`);
      await t.query(`INSERT INTO office.stats_daily (day, grid_path, key_area, ${COUNTERS.join(', ')}) SELECT * FROM (${this.recountSql()}) r`);
      await t.query(`DELETE FROM office.stats_rollup`);
      await t.query(`INSERT INTO office.stats_rollup (period, start, prefix, key_area, ${COUNTERS.join(', ')}) ${this.rollupSql('office.stats_daily')} ORDER BY 1, 2, 3, 4`);
      await rollupTriggerOff(t, false);
      await t.query(`ANALYZE office.stats_rollup`);
    };
    if (m instanceof DataSource) await m.transaction(run);
    else await run(m);
  }

  /**
   * Adds the counted rows matching `where` to the daily counters and the roll-ups inside the
   * caller's transaction (the bulk import), each in key order so concurrent batches never deadlock.
   */
  async addRows(m: EntityManager, where: string, params: unknown[]): Promise<void> {
    await this.addCounts(m, `(${this.recountSql(where)})`, params);
  }

  /**
   * Several bumps in one transaction (a patrol diary's incidents), summed per key and applied as
   * the bulk writers do: every daily row first, then every roll-up row, each in key order. Bumped
   * one by one through the trigger, a daily row and its roll-ups would be taken in turn, and a
   * single intake holding the second daily row while it waits for a shared roll-up row the first
   * bump took would close a lock cycle.
   */
  async bumpMany(m: EntityManager, bumps: CounterBump[]): Promise<void> {
    if (bumps.length <= 1) {
      for (const b of bumps) await this.bump(m, b.key, b.deltas);
      return;
    }
    const rows = new Map<string, Record<string, string | number>>();
    for (const { key, deltas } of bumps) {
      const id = JSON.stringify([key.day, key.gridPath, key.keyArea]);
      const row = rows.get(id) ?? { day: key.day, grid_path: key.gridPath, key_area: key.keyArea, ...Object.fromEntries(COUNTERS.map((c) => [c, 0])) };
      for (const c of COUNTERS) row[c] = (row[c] as number) + (deltas[c] ?? 0);
      rows.set(id, row);
    }
    const source = `(SELECT day, grid_path, key_area, ${COUNTERS.join(', ')} FROM jsonb_to_recordset($1::jsonb)
      AS r(day date, grid_path ltree, key_area text, ${COUNTERS.map((c) => `${c} int`).join(', ')}))`;
    await this.addCounts(m, source, [JSON.stringify([...rows.values()])]);
  }

  /** Adds a relation of counter rows (day, grid_path, key_area, the counters) to the daily rows, then to the roll-ups, each in key order. */
  private async addCounts(m: EntityManager, source: string, params: unknown[]): Promise<void> {
    await rollupTriggerOff(m, true);
    await m.query(
      `INSERT INTO office.stats_daily (day, grid_path, key_area, ${COUNTERS.join(', ')})
       SELECT * FROM ${source} r ORDER BY day, grid_path, key_area
       ON CONFLICT (day, grid_path, key_area) DO UPDATE SET ${COUNTERS.map((c) => `${c} = office.stats_daily.${c} + EXCLUDED.${c}`).join(', ')}`,
      params,
    );
    await m.query(
      `INSERT INTO office.stats_rollup (period, start, prefix, key_area, ${COUNTERS.join(', ')})
       ${this.rollupSql(source)} ORDER BY 1, 2, 3, 4
       ON CONFLICT (period, start, prefix, key_area) DO UPDATE SET ${COUNTERS.map((c) => `${c} = office.stats_rollup.${c} + EXCLUDED.${c}`).join(', ')}`,
      params,
    );
    await rollupTriggerOff(m, false);
  }

  /** Roll-up rows that differ from what the daily counters say (none, unless something bypassed the trigger). */
  async rollupDrift(m: EntityManager | DataSource = this.ds): Promise<Record<string, unknown>[]> {
    const kept = `SELECT period, start, prefix, key_area, ${COUNTERS.join(', ')} FROM office.stats_rollup`;
    const want = this.rollupSql('office.stats_daily');
    return m.query(`(${kept} EXCEPT ${want}) UNION ALL (${want} EXCEPT ${kept})`);
  }

  /** The roll-up rows (day × district; month and year × district and × street) that follow from daily counter rows. */
  rollupSql(source: string): string {
    return `SELECT pe.period, date_trunc(pe.period, r.day)::date AS start,
        subpath(r.grid_path, 0, least(pe.depth, nlevel(r.grid_path))) AS prefix, r.key_area,
        ${COUNTERS.map((c) => `sum(r.${c})::bigint AS ${c}`).join(', ')}
      FROM ${source} r CROSS JOIN (VALUES ${ROLLUPS.map(([p, d]) => `('${p}', ${d})`).join(', ')}) AS pe(period, depth)
      WHERE pe.depth <= nlevel(r.grid_path) OR pe.depth = ${DAY_ROLLUP_DEPTH}
      GROUP BY 1, 2, 3, 4`;
  }

  /**
   * Sums the counters per key area over days [from, to] under a grid root. At the street and
   * above (a root of at most ROLLUP_DEPTH labels) the range is cut into whole years, whole months
   * and the days at its edges: the years and months are read from the roll-up rows of the root's
   * own prefix (a street or a district) or, for the city, of every district; the edge days from
   * the district day rows for a district or the city, from the daily counters for a street.
   * Deeper roots read the daily counters, which are few under one community.
   */
  async sumByKeyArea(root: string, from: string | null, to: string | null): Promise<(Record<Counter, number> & { key_area: string })[]> {
    const q = this.sumByKeyAreaSql(root, from, to);
    if (!q) return [];
    const rows: Record<string, string>[] = await this.ds.query(q.sql, q.params);
    return rows.map((r) => ({ key_area: r.key_area, ...Object.fromEntries(COUNTERS.map((c) => [c, Number(r[c])])) }) as Record<Counter, number> & { key_area: string });
  }

  /**
   * 发现 per day and key area under a root: a street or deeper reads the daily counters (a street's
   * L3 rows of the days), a district or the city the district day roll-ups.
   */
  async foundByDay(root: string, from: string, to: string): Promise<{ day: string; key_area: string; found: number }[]> {
    const depth = root ? root.split('.').length : 0;
    const sql =
      depth > DAY_ROLLUP_DEPTH
        ? `SELECT to_char(day, 'YYYY-MM-DD') AS day, key_area, sum(found)::int AS found FROM office.stats_daily
           WHERE ${subtreeRange('grid_path', root, () => '$1')} AND day BETWEEN $2::date AND $3::date GROUP BY 1, 2`
        : `SELECT to_char(start, 'YYYY-MM-DD') AS day, key_area, sum(found)::int AS found FROM office.stats_rollup
           WHERE period = 'day' AND nlevel(prefix) <= ${DAY_ROLLUP_DEPTH} AND ($1 = '' OR prefix <@ NULLIF($1, '')::ltree) AND start BETWEEN $2::date AND $3::date GROUP BY 1, 2`;
    return this.ds.query(sql, [root, from, to]);
  }

  /**
   * Open problems now per grid prefix of `depth` labels under the root, with red (overdue) and
   * yellow lights: an index-only scan of the open board index (deadline, grid_path, yellow_at).
   */
  async openByGrid(root: string, depth: number): Promise<{ path: string; open: number; overdue: number; yellow: number }[]> {
    const params: unknown[] = [depth];
    const rows: { path: string; open: number; overdue: number; yellow: number }[] = await this.ds.query(
      `SELECT subpath(grid_path, 0, $1::int)::text AS path, count(*)::int AS open,
              count(*) FILTER (WHERE deadline < now())::int AS overdue,
              count(*) FILTER (WHERE deadline >= now() AND yellow_at <= now())::int AS yellow
         FROM office.incidents
        WHERE state IN ('reported', 'registered', 'dispatched', 'accepted', 'in_progress')
          AND nlevel(grid_path) >= $1::int AND ${subtreeRange('grid_path', root, (v) => `$${params.push(v)}`)}
        GROUP BY 1 ORDER BY 1`,
      params,
    );
    return rows;
  }

  /** The statement sumByKeyArea runs (null for an empty range); the benchmark EXPLAINs it. */
  sumByKeyAreaSql(root: string, from: string | null, to: string | null): { sql: string; params: unknown[] } | null {
    const params: unknown[] = [];
    const rootCond = (col: string) => (root ? `${col} <@ $${params.indexOf(root) + 1 || params.push(root)}::ltree` : 'TRUE');
    const between = (col: string, lo: string | null, hi: string | null) =>
      [lo ? `${col} >= $${params.push(lo)}::date` : null, hi ? `${col} <= $${params.push(hi)}::date` : null].filter(Boolean).join(' AND ') || 'TRUE';
    const parts: string[] = [];
    // The daily counters' scope: `<@` and the range of the path's text (its B-tree; docs/performance.md section 16).
    const pathParam = (v: unknown) => `$${params.indexOf(v) + 1 || params.push(v)}`;
    const daily = (lo: string | null, hi: string | null) =>
      parts.push(`SELECT key_area, ${COUNTERS.join(', ')} FROM office.stats_daily WHERE ${subtreeRange('grid_path', root, pathParam)} AND ${between('day', lo, hi)}`);
    const depth = root ? root.split('.').length : 0;
    // A street or district root is its rows' exact prefix (the (prefix, period, start) index); the
    // city (or no root) reads the district rows (depth ≤ 2: the partial index on (period, start)).
    const prefixCond = () =>
      root && depth >= DAY_ROLLUP_DEPTH
        ? `prefix = $${params.indexOf(root) + 1 || params.push(root)}::ltree`
        : `nlevel(prefix) <= ${DAY_ROLLUP_DEPTH} AND ${rootCond('prefix')}`;
    const rollup = (period: 'day' | 'month' | 'year', lo: string | null, hi: string | null) =>
      parts.push(
        `SELECT key_area, ${COUNTERS.join(', ')} FROM office.stats_rollup WHERE period = '${period}' AND ${prefixCond()} AND ${between('start', lo, hi)}`,
      );

    if (depth > ROLLUP_DEPTH) daily(from, to);
    else {
      const plan = splitRange(from, to);
      for (const [lo, hi] of plan.days) {
        if (depth <= DAY_ROLLUP_DEPTH) rollup('day', lo, hi);
        else daily(lo, hi);
      }
      for (const [lo, hi] of plan.months) rollup('month', lo, hi);
      if (plan.years) rollup('year', plan.years[0], plan.years[1]);
    }
    if (parts.length === 0) return null;
    return {
      sql: `SELECT key_area, ${COUNTERS.map((c) => `sum(${c})::bigint AS ${c}`).join(', ')}
       FROM (${parts.join('\n       UNION ALL ')}) u GROUP BY key_area`,
      params,
    };
  }
}

/** Grid-path labels the roll-ups keep (3: the street in city.district.street); any depth is correct, this one is fast. */
export const ROLLUP_DEPTH = 3;
/** Grid-path labels of the day roll-ups (2: the district), read for a district's or the city's edge days. */
export const DAY_ROLLUP_DEPTH = 2;
/**
 * The roll-up rows kept for each daily row: (period, prefix depth). A depth beyond the grid's own
 * is skipped (its shallower row already holds it), except the district depth, always kept. Listed
 * in the order the trigger takes the rows (migration 1795640000000).
 */
export const ROLLUPS: readonly [period: 'day' | 'month' | 'year', depth: number][] = [
  ['day', DAY_ROLLUP_DEPTH],
  ['month', DAY_ROLLUP_DEPTH],
  ['month', ROLLUP_DEPTH],
  ['year', DAY_ROLLUP_DEPTH],
  ['year', ROLLUP_DEPTH],
];

/** Switches the roll-up trigger off (or back on) for the rest of the transaction. */
async function rollupTriggerOff(m: EntityManager, off: boolean): Promise<void> {
  await m.query(`SELECT set_config('office.stats_rollup_off', $1, true)`, [off ? 'on' : 'off']);
}

type Range = [string | null, string | null];

/**
 * Cuts the days [from, to] (either unbounded when null) into the edge days, whole months and
 * whole years that cover it exactly once: `days` and `months` are ranges of days and of month
 * starts, `years` a range of year starts. Month and year ranges are given by the first day of
 * their periods; null ends are unbounded.
 */
export function splitRange(from: string | null, to: string | null): { days: Range[]; months: Range[]; years: Range | null } {
  if (from && to && from > to) return { days: [], months: [], years: null };
  // Whole months: from the first month starting on or after `from` to the last ending on or before `to`.
  const mLo = from ? (day(from) === 1 ? from : addMonths(monthStart(from), 1)) : null;
  const mHiEnd = to ? (isLastOfMonth(to) ? to : addDays(monthStart(to), -1)) : null; // last day of the last whole month
  if (mLo && mHiEnd && mLo > mHiEnd) return { days: [[from, to]], months: [], years: null };
  const days: Range[] = [];
  if (from && mLo && from < mLo) days.push([from, addDays(mLo, -1)]);
  if (to && mHiEnd && to > mHiEnd) days.push([addDays(mHiEnd, 1), to]);
  const mHi = mHiEnd ? monthStart(mHiEnd) : null; // start of the last whole month
  // Whole years inside the whole months.
  const yLo = mLo ? (mLo.slice(5) === '01-01' ? mLo : `${Number(mLo.slice(0, 4)) + 1}-01-01`) : null;
  const yHi = mHiEnd ? (mHiEnd.slice(5) === '12-31' ? `${mHiEnd.slice(0, 4)}-01-01` : `${Number(mHiEnd.slice(0, 4)) - 1}-01-01`) : null;
  if (yLo && yHi && yLo > yHi) return { days, months: [[mLo, mHi]], years: null };
  const months: Range[] = [];
  if (mLo && yLo && mLo < yLo) months.push([mLo, addMonths(yLo, -1)]);
  if (mHi && yHi && mHi >= addMonths(yHi, 12)) months.push([addMonths(yHi, 12), mHi]);
  return { days, months, years: [yLo, yHi] };
}

const day = (d: string) => Number(d.slice(8, 10));
const monthStart = (d: string) => `${d.slice(0, 7)}-01`;
const iso = (t: Date) => t.toISOString().slice(0, 10);
function addDays(d: string, n: number): string {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return iso(t);
}
function addMonths(d: string, n: number): string {
  const t = new Date(`${monthStart(d)}T00:00:00Z`);
  t.setUTCMonth(t.getUTCMonth() + n);
  return iso(t);
}
const isLastOfMonth = (d: string) => addDays(d, 1).slice(8, 10) === '01';

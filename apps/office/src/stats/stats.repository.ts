import { Injectable } from '@nestjs/common';
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

@Injectable()
export class StatsRepository {
  constructor(private readonly ds: DataSource) {}

  /** Adds deltas to a cohort's counters inside the caller's transaction (the incident's reporting day). */
  async bump(m: EntityManager, key: StatsKey, deltas: CounterDeltas): Promise<void> {
    const cols = COUNTERS.filter((c) => deltas[c]);
    if (cols.length === 0) return;
    await m.query(
      `INSERT INTO office.stats_daily (day, grid_path, key_area, ${cols.join(', ')})
       VALUES ($1, $2::ltree, $3, ${cols.map((_, i) => `$${i + 4}`).join(', ')})
       ON CONFLICT (day, grid_path, key_area) DO UPDATE SET ${cols.map((c) => `${c} = office.stats_daily.${c} + EXCLUDED.${c}`).join(', ')}`,
      [key.day, key.gridPath, key.keyArea, ...cols.map((c) => deltas[c])],
    );
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

  /** Rebuilds the counters of the given rows' cohorts from the rows (after a bulk insert). */
  async recount(m: EntityManager | DataSource = this.ds): Promise<void> {
    await m.query(`DELETE FROM office.stats_daily`);
    await m.query(`INSERT INTO office.stats_daily (day, grid_path, key_area, ${COUNTERS.join(', ')}) SELECT * FROM (${this.recountSql()}) r`);
  }

  /** Sums the counters per key area over days [from, to] under a grid root. */
  async sumByKeyArea(root: string, from: string | null, to: string | null): Promise<(Record<Counter, number> & { key_area: string })[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (root) where.push(`grid_path <@ $${params.push(root)}::ltree`);
    if (from) where.push(`day >= $${params.push(from)}::date`);
    if (to) where.push(`day <= $${params.push(to)}::date`);
    const rows: Record<string, string>[] = await this.ds.query(
      `SELECT key_area, ${COUNTERS.map((c) => `sum(${c})::bigint AS ${c}`).join(', ')}
       FROM office.stats_daily ${where.length ? `WHERE ${where.join(' AND ')}` : ''} GROUP BY key_area`,
      params,
    );
    return rows.map((r) => ({ key_area: r.key_area, ...Object.fromEntries(COUNTERS.map((c) => [c, Number(r[c])])) }) as Record<Counter, number> & { key_area: string });
  }
}

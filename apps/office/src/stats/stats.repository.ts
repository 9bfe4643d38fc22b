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

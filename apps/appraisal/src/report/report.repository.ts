import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { monthDate } from '../common/month';

/** Aggregates for rankings, the notice's key-area table and the three rates (all from facts/scores). */
@Injectable()
export class ReportRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * The ledger's key-area table (找到/解决/解决率) for problems found in the month within a scope:
   * found = reported that month, solved = of those, closed as fixed (by now). Computed from the
   * appraisal's own facts (the office's `office.stats.key-areas` is not needed).
   */
  async keyAreas(month: string, scope: string): Promise<{ keyArea: string; found: number; solved: number }[]> {
    const rows: { keyArea: string; found: string; solved: string }[] = await this.ds.query(
      `SELECT coalesce(r.key_area, 'other') AS "keyArea", count(*) AS found,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM indicator_facts x WHERE x.ref_id = r.ref_id AND x.indicator = 'incidents_fixed')) AS solved
         FROM indicator_facts r
        WHERE r.month = $1 AND r.indicator = 'incidents_reported' AND ($2 = '' OR r.grid_path <@ $2::ltree)
        GROUP BY 1`,
      [monthDate(month), scope],
    );
    return rows.map((r) => ({ keyArea: r.keyArea, found: Number(r.found), solved: Number(r.solved) }));
  }

  /** Counts for the three rates, grouped by street (path prefix), unit or department. */
  async threeRateCounts(month: string, scope: string, by: 'street' | 'unit' | 'department', streetDepth: number): Promise<{ key: string; indicator: string; n: string }[]> {
    const key =
      by === 'street' ? `subpath(grid_path, 0, ${Number(streetDepth)})::text` : by === 'unit' ? `coalesce(unit, 'office')` : `coalesce(department_id::text, 'none')`;
    return this.ds.query(
      `SELECT ${key} AS key, indicator, sum(value) AS n FROM indicator_facts
        WHERE month = $1 AND ($2 = '' OR grid_path <@ $2::ltree) AND grid_path IS NOT NULL
          AND nlevel(grid_path) >= $4
          AND indicator = ANY($3)
        GROUP BY 1, 2`,
      [monthDate(month), scope, ['incidents_dispatched', 'incidents_accepted', 'incidents_closed', 'incidents_fixed', 'surveys_answered', 'surveys_satisfied'], by === 'street' ? streetDepth : 1],
    );
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { monthDate } from '../common/month';

/** Aggregates for the three rates (from facts); the notice's key-area table is the office's ledger (OfficeLedgerClient). */
@Injectable()
export class ReportRepository {
  constructor(private readonly ds: DataSource) {}

  /** Counts for the three rates, grouped by street (path prefix), unit or department. */
  /** The month's indicator values of one grid path (every ancestor path carries its subtree's sum). */
  async gridValues(month: string, path: string): Promise<Record<string, number>> {
    const rows: { indicator: string; value: string }[] = await this.ds.query(
      `SELECT indicator, value FROM appraisal.indicator_values WHERE month = $1::date AND subject_kind = 'grid' AND subject = $2`,
      [`${month}-01`, path],
    );
    return Object.fromEntries(rows.map((r) => [r.indicator, Number(r.value)]));
  }

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

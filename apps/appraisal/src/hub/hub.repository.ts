import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppraisalHubFigures, hubRate } from '@grid122/contracts';

const RATE_INDICATORS = ['incidents_dispatched', 'incidents_accepted', 'incidents_closed', 'incidents_fixed', 'surveys_answered', 'surveys_satisfied'];
/** Grids shown at each end of the ranking. */
const RANKED = 3;

/**
 * Appraisal's hub panel: last month's grid ranking (scores of subject_kind 'grid') and the three
 * rates (三率) from the indicator facts, with the same definitions as `appraisal.three_rates.get`.
 */
@Injectable()
export class AppraisalHubRepository {
  constructor(private readonly ds: DataSource) {}

  /** `month` is the first day of the month, e.g. 2026-10-01. */
  async figures(scope: string, month: string): Promise<AppraisalHubFigures> {
    const ranked = (order: 'DESC' | 'ASC') =>
      this.ds.query(
        `SELECT grid_path::text AS path, name, total::float8 AS total, tier FROM appraisal.scores
          WHERE month = $1::date AND subject_kind = 'grid' AND ($2 = '' OR grid_path <@ $2::ltree)
          ORDER BY total ${order}, grid_path LIMIT ${RANKED}`,
        [month, scope],
      ) as Promise<{ path: string; name: string; total: number; tier: number }[]>;
    const [top, bottom, counts] = await Promise.all([
      ranked('DESC'),
      ranked('ASC'),
      this.ds.query(
        `SELECT indicator, sum(value)::float8 AS n FROM appraisal.indicator_facts
          WHERE month = $1::date AND ($2 = '' OR grid_path <@ $2::ltree) AND indicator = ANY($3) GROUP BY indicator`,
        [month, scope, RATE_INDICATORS],
      ) as Promise<{ indicator: string; n: number }[]>,
    ]);
    const n = (i: string) => Number(counts.find((c) => c.indicator === i)?.n ?? 0);
    return {
      month: month.slice(0, 7),
      top,
      bottom,
      rates: {
        response: hubRate(n('incidents_accepted'), n('incidents_dispatched')),
        resolution: hubRate(n('incidents_fixed'), n('incidents_closed')),
        satisfaction: hubRate(n('surveys_satisfied'), n('surveys_answered')),
      },
    };
  }
}

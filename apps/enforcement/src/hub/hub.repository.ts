import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EnforcementHubFigures, HubStreetHeadline, STREET_PATH_DEPTH } from '@grid122/contracts';

/** A case is open until it is closed or handed back to the office. */
const OPEN = `c.state NOT IN ('closed', 'returned')`;
/** A joint operation is running between its start and end. */
const RUNNING = `o.starts_at <= now() AND o.ends_at > now()`;

/** The joint enforcement team's hub figures (综合执法队): state "now". */
@Injectable()
export class EnforcementHubRepository {
  constructor(private readonly ds: DataSource) {}

  async figures(scope: string): Promise<EnforcementHubFigures> {
    const [byCategory, totals] = await Promise.all([
      this.ds.query(
        `SELECT cat.code AS category, cat.label_zh AS zh, cat.label_en AS en, count(c.id)::int AS count
           FROM enforcement.cases c JOIN enforcement.categories cat ON cat.code = c.category
          WHERE c.grid_path <@ $1::ltree AND ${OPEN}
          GROUP BY cat.code, cat.label_zh, cat.label_en, cat.sort ORDER BY count(c.id) DESC, cat.sort`,
        [scope],
      ) as Promise<{ category: string; zh: string; en: string; count: number }[]>,
      this.ds.query(
        `SELECT
           (SELECT count(*) FROM enforcement.notices n JOIN enforcement.cases c ON c.id = n.case_id
             WHERE c.grid_path <@ $1::ltree AND n.status = 'open' AND n.comply_by < now())::int AS notices_past_due,
           (SELECT count(*) FROM enforcement.operations o WHERE o.grid_path <@ $1::ltree AND ${RUNNING})::int AS running,
           (SELECT count(*) FROM enforcement.operations o JOIN enforcement.operation_departments d ON d.operation_id = o.id
             WHERE o.grid_path <@ $1::ltree AND ${RUNNING} AND d.acknowledged_at IS NULL)::int AS unacknowledged`,
        [scope],
      ) as Promise<{ notices_past_due: number; running: number; unacknowledged: number }[]>,
    ]);
    return {
      openCases: byCategory.reduce((a, r) => a + r.count, 0),
      openCasesByCategory: byCategory.map((r) => ({ category: r.category, label: { zh: r.zh, en: r.en }, count: r.count })),
      noticesPastDue: totals[0].notices_past_due,
      operationsRunning: totals[0].running,
      departmentsUnacknowledged: totals[0].unacknowledged,
    };
  }

  async streets(scope: string): Promise<HubStreetHeadline[]> {
    const rows: { path: string; open: number }[] = await this.ds.query(
      `SELECT subpath(c.grid_path, 0, ${STREET_PATH_DEPTH})::text AS path, count(*)::int AS open
         FROM enforcement.cases c WHERE c.grid_path <@ $1::ltree AND nlevel(c.grid_path) >= ${STREET_PATH_DEPTH} AND ${OPEN}
        GROUP BY 1`,
      [scope],
    );
    return rows.map((r) => ({ path: r.path, figures: { openEnforcementCases: r.open } }));
  }
}

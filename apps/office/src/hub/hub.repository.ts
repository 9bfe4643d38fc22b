import { Injectable } from '@nestjs/common';
import { streetCalendar } from '@grid122/calendar';
import { subtreeRange } from '@grid122/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { hubRate, HubStreetHeadline, KEY_AREA_LABELS, KEY_AREAS, OfficeHubFigures, STREET_PATH_DEPTH } from '@grid122/contracts';
import { StatsRepository } from '../stats/stats.repository';

const ACTIVE = `'reported','registered','dispatched','accepted','in_progress'`;
/**
 * A hub request's figures are given up by the gateway after its panel timeout (1.5 s); a statement
 * still running long after that only takes the machine from live requests (measured at city scale:
 * abandoned hub statements piled up and intakes timed out). Cancelled past this.
 */
export const HUB_STATEMENT_TIMEOUT_MS = 5000;

/** The local days [first, last] that the instants [from, to) cover (`to` exclusive). */
export function localDays(from: string, to: string): { first: string; last: string } {
  // The office's reporting day (stats_day) is the street's day.
  const cal = streetCalendar();
  return { first: cal.day(Date.parse(from)), last: cal.day(Date.parse(to) - 1) };
}

/**
 * "Under the scope" in a form the planner reads right at any depth: nothing for the whole city, an
 * equality on the path's first labels for a street or above (a street: its index on office.incidents;
 * a district or the city: a filter beside the day or time range), the subtree's range for a community
 * or a grid (few rows; subtreeRange: the B-tree on the path's text, docs/performance.md section 16).
 * `<@` on a wide scope made the planner walk the GiST over every row.
 */
export function scopeSql(col: string, scope: string, params: unknown[]): string {
  if (!scope) return 'TRUE';
  const depth = scope.split('.').length;
  if (depth > STREET_PATH_DEPTH) return subtreeRange(col, scope, (v) => `$${params.push(v)}`);
  return `subpath(${col}, 0, least(${depth}, nlevel(${col}))) = $${params.push(scope)}::ltree`;
}

type Num = string | number | null;

/**
 * The office's hub figures. Period figures follow the office's own ledger rule (the cohort of
 * incidents reported in the period, from office.stats_daily, as `office.stats.key-areas`), so the
 * hub and the ledger never disagree; lights, overdue and supervised are "now" over open incidents.
 */
@Injectable()
export class OfficeHubRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly stats: StatsRepository,
  ) {}

  /** Runs the hub's statements on one connection, each cancelled past HUB_STATEMENT_TIMEOUT_MS. */
  private bounded<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction('READ COMMITTED', async (m) => {
      await m.query(`SELECT set_config('statement_timeout', $1, true)`, [String(HUB_STATEMENT_TIMEOUT_MS)]);
      return work(m);
    });
  }

  async figures(scope: string, from: string, to: string): Promise<Omit<OfficeHubFigures, 'diaries'>> {
    const { first, last } = localDays(from, to);
    const { perArea, cohort, open } = await this.bounded(async (m) => {
      // The cohort's counters per key area: the same statement as the key-area figures (roll-ups).
      const q = this.stats.sumByKeyAreaSql(scope, first, last);
      const perArea: { key_area: string; found: string; solved: string; registered: string; closed: string; closed_on_time: string }[] = q ? await m.query(q.sql, q.params) : [];
      const cp: unknown[] = [from, to];
      const cohort: { dispatched: number; escalated: number }[] = await m.query(
        `SELECT count(*) FILTER (WHERE dispatched_at IS NOT NULL)::int AS dispatched,
                count(*) FILTER (WHERE escalated_ever)::int AS escalated
           FROM office.incidents
          WHERE reported_at >= $1 AND reported_at < $2 AND state <> 'duplicate' AND ${scopeSql('grid_path', scope, cp)}`,
        cp,
      );
      // Open incidents now: the traffic light and supervision (督办) state of the whole board.
      const op: unknown[] = [];
      const open: { red: number; yellow: number; green: number; supervised: number }[] = await m.query(
        `SELECT count(*) FILTER (WHERE deadline < now())::int AS red,
                count(*) FILTER (WHERE deadline >= now() AND yellow_at <= now())::int AS yellow,
                count(*) FILTER (WHERE deadline IS NULL OR yellow_at IS NULL OR yellow_at > now())::int AS green,
                count(*) FILTER (WHERE supervised_at IS NOT NULL)::int AS supervised
           FROM office.incidents WHERE state IN (${ACTIVE}) AND ${scopeSql('grid_path', scope, op)}`,
        op,
      );
      return { perArea, cohort, open };
    });
    const byArea = new Map(perArea.map((r) => [r.key_area, r]));
    const sum = (k: 'found' | 'solved' | 'registered' | 'closed' | 'closed_on_time') => perArea.reduce((a, r) => a + Number(r[k]), 0);
    const closed = sum('closed');
    return {
      found: sum('found'),
      registered: sum('registered'),
      dispatched: cohort[0].dispatched,
      closed,
      closureRate: hubRate(closed, sum('registered')),
      onTimeRate: hubRate(sum('closed_on_time'), closed),
      lights: { green: open[0].green, yellow: open[0].yellow, red: open[0].red },
      overdue: open[0].red,
      supervised: open[0].supervised,
      escalated: cohort[0].escalated,
      keyAreas: KEY_AREAS.map((k) => {
        const r = byArea.get(k as string);
        const found = Number(r?.found ?? 0);
        const solved = Number(r?.solved ?? 0);
        return { keyArea: k, label: KEY_AREA_LABELS[k], found, solved, rate: hubRate(solved, found) };
      }),
    };
  }

  /** Per street under the scope: found, closed, closure rate, overdue now (for the district ranking). */
  async streets(scope: string, from: string, to: string): Promise<HubStreetHeadline[]> {
    const { first, last } = localDays(from, to);
    const params: unknown[] = [first, last];
    const inScope = scopeSql('grid_path', scope, params);
    // The period's daily counters by their day range (the primary key), grouped by street; open
    // overdue incidents from the partial deadline index. The scope is a filter beside each range.
    const rows: { path: string; found: Num; registered: Num; closed: Num; on_time: Num; overdue: Num }[] = await this.bounded((m) =>
      m.query(
        `WITH s AS (
           SELECT subpath(grid_path, 0, ${STREET_PATH_DEPTH}) AS path, sum(found) AS found, sum(registered) AS registered,
                  sum(closed) AS closed, sum(closed_on_time) AS on_time
             FROM office.stats_daily
            WHERE day BETWEEN $1::date AND $2::date AND nlevel(grid_path) >= ${STREET_PATH_DEPTH} AND ${inScope}
            GROUP BY 1),
         o AS (
           SELECT subpath(grid_path, 0, ${STREET_PATH_DEPTH}) AS path, count(*) AS overdue
             FROM office.incidents
            WHERE state IN (${ACTIVE}) AND deadline < now() AND nlevel(grid_path) >= ${STREET_PATH_DEPTH} AND ${inScope}
            GROUP BY 1)
         SELECT COALESCE(s.path, o.path)::text AS path, s.found, s.registered, s.closed, s.on_time, o.overdue
           FROM s FULL JOIN o ON o.path = s.path`,
        params,
      ),
    );
    return rows.map((r) => ({
      path: r.path,
      figures: {
        found: Number(r.found ?? 0),
        closed: Number(r.closed ?? 0),
        closureRate: hubRate(Number(r.closed ?? 0), Number(r.registered ?? 0)),
        onTimeRate: hubRate(Number(r.on_time ?? 0), Number(r.closed ?? 0)),
        overdue: Number(r.overdue ?? 0),
      },
    }));
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { hubRate, HubStreetHeadline, KEY_AREA_LABELS, KEY_AREAS, KeyArea, OfficeHubFigures, STREET_PATH_DEPTH } from '@grid122/contracts';

const ACTIVE = `'reported','registered','dispatched','accepted','in_progress'`;
/** Asia/Shanghai has no DST: the office's reporting day (stats_day) is the +08:00 date. */
const LOCAL_DAY = (p: string) => `(${p}::timestamptz AT TIME ZONE 'Asia/Shanghai')::date`;

type Num = string | number | null;

/**
 * The office's hub figures. Period figures follow the office's own ledger rule (the cohort of
 * incidents reported in the period, from office.stats_daily, as `office.stats.key-areas`), so the
 * hub and the ledger never disagree; lights, overdue and supervised are "now" over open incidents.
 */
@Injectable()
export class OfficeHubRepository {
  constructor(private readonly ds: DataSource) {}

  async figures(scope: string, from: string, to: string): Promise<OfficeHubFigures> {
    const [perArea, cohort, open] = await Promise.all([
      this.ds.query(
        `SELECT key_area, sum(found)::int AS found, sum(solved)::int AS solved, sum(registered)::int AS registered,
                sum(closed)::int AS closed, sum(closed_on_time)::int AS on_time
           FROM office.stats_daily
          WHERE grid_path <@ $1::ltree AND day >= ${LOCAL_DAY('$2')} AND day < ${LOCAL_DAY('$3')}
            + CASE WHEN ($3::timestamptz AT TIME ZONE 'Asia/Shanghai')::time = '00:00' THEN 0 ELSE 1 END
          GROUP BY key_area`,
        [scope, from, to],
      ) as Promise<{ key_area: KeyArea; found: number; solved: number; registered: number; closed: number; on_time: number }[]>,
      this.ds.query(
        `SELECT count(*) FILTER (WHERE dispatched_at IS NOT NULL)::int AS dispatched,
                count(*) FILTER (WHERE escalated_ever)::int AS escalated
           FROM office.incidents
          WHERE grid_path <@ $1::ltree AND reported_at >= $2 AND reported_at < $3 AND state <> 'duplicate'`,
        [scope, from, to],
      ) as Promise<{ dispatched: number; escalated: number }[]>,
      // Open incidents now: the traffic light and supervision (督办) state of the whole board.
      this.ds.query(
        `SELECT count(*) FILTER (WHERE deadline < now())::int AS red,
                count(*) FILTER (WHERE deadline >= now() AND yellow_at <= now())::int AS yellow,
                count(*) FILTER (WHERE deadline IS NULL OR yellow_at IS NULL OR yellow_at > now())::int AS green,
                count(*) FILTER (WHERE supervised_at IS NOT NULL)::int AS supervised
           FROM office.incidents WHERE grid_path <@ $1::ltree AND state IN (${ACTIVE})`,
        [scope],
      ) as Promise<{ red: number; yellow: number; green: number; supervised: number }[]>,
    ]);
    const byArea = new Map(perArea.map((r) => [r.key_area, r]));
    const sum = (k: 'found' | 'solved' | 'registered' | 'closed' | 'on_time') => perArea.reduce((a, r) => a + Number(r[k]), 0);
    const closed = sum('closed');
    return {
      found: sum('found'),
      registered: sum('registered'),
      dispatched: cohort[0].dispatched,
      closed,
      closureRate: hubRate(closed, sum('registered')),
      onTimeRate: hubRate(sum('on_time'), closed),
      lights: { green: open[0].green, yellow: open[0].yellow, red: open[0].red },
      overdue: open[0].red,
      supervised: open[0].supervised,
      escalated: cohort[0].escalated,
      keyAreas: KEY_AREAS.map((k) => {
        const r = byArea.get(k);
        const found = Number(r?.found ?? 0);
        const solved = Number(r?.solved ?? 0);
        return { keyArea: k, label: KEY_AREA_LABELS[k], found, solved, rate: hubRate(solved, found) };
      }),
    };
  }

  /** Per street under the scope: found, closed, closure rate, overdue now (for the district ranking). */
  async streets(scope: string, from: string, to: string): Promise<HubStreetHeadline[]> {
    const rows: { path: string; found: Num; registered: Num; closed: Num; on_time: Num; overdue: Num }[] = await this.ds.query(
      `WITH s AS (
         SELECT subpath(grid_path, 0, ${STREET_PATH_DEPTH}) AS path, sum(found) AS found, sum(registered) AS registered,
                sum(closed) AS closed, sum(closed_on_time) AS on_time
           FROM office.stats_daily
          WHERE grid_path <@ $1::ltree AND nlevel(grid_path) >= ${STREET_PATH_DEPTH}
            AND day >= ${LOCAL_DAY('$2')} AND day < ${LOCAL_DAY('$3')}
              + CASE WHEN ($3::timestamptz AT TIME ZONE 'Asia/Shanghai')::time = '00:00' THEN 0 ELSE 1 END
          GROUP BY 1),
       o AS (
         SELECT subpath(grid_path, 0, ${STREET_PATH_DEPTH}) AS path, count(*) AS overdue
           FROM office.incidents
          WHERE grid_path <@ $1::ltree AND nlevel(grid_path) >= ${STREET_PATH_DEPTH} AND state IN (${ACTIVE}) AND deadline < now()
          GROUP BY 1)
       SELECT COALESCE(s.path, o.path)::text AS path, s.found, s.registered, s.closed, s.on_time, o.overdue
         FROM s FULL JOIN o ON o.path = s.path`,
      [scope, from, to],
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

import { Injectable } from '@nestjs/common';
import { addDays } from '@grid122/calendar';
import { Actor, KEY_AREA_LABELS, KEY_AREAS, KeyAreaStats, KeyAreaTrend, OfficeErrorCode, OPEN_BY_GRID_LEVELS, OpenByGrid } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { narrowScope } from '@grid122/access';
import { WorkCalendar } from '../clock/work-calendar';
import { OfficeEnv } from '../config/office.env';
import { Counter, COUNTERS, StatsRepository } from './stats.repository';

const pct = (n: number, d: number): number | null => (d > 0 ? Math.round((n / d) * 10000) / 100 : null);

/** The dashboard figures (秦岭路街道 ledger style), read from the pre-aggregated counters. */
@Injectable()
export class StatsService {
  /** the street's working calendar, as the ledger's clock reads it (OFFICE_WORK_CALENDAR, STREET_TIME_ZONE) */
  private readonly calendar: WorkCalendar;

  constructor(
    private readonly repo: StatsRepository,
    env: OfficeEnv,
  ) {
    this.calendar = env.workCalendar();
  }

  async keyAreas(actor: Actor, req: KeyAreaStats.Request): Promise<KeyAreaStats.Reply> {
    const root = narrowScope(actor.scope, req.root);
    if (root === null) throw new AppError(OfficeErrorCode.OutOfScope, `root ${req.root} is outside your scope ${actor.scope}`, { field: 'root' });
    const day = (s?: string) => (s ? (/^\d{4}-\d{2}-\d{2}$/.test(s) ? s : this.calendar.localDate(new Date(s))) : null);
    const from = day(req.from);
    const to = day(req.to);
    const sums = await this.repo.sumByKeyArea(root, from, to);
    const total = Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<Counter, number>;
    const byArea = new Map(sums.map((s) => [s.key_area, s]));
    for (const s of sums) for (const c of COUNTERS) total[c] += s[c];
    const rows = KEY_AREAS.map((k) => {
      const s = byArea.get(k);
      const found = s?.found ?? 0;
      const solved = s?.solved ?? 0;
      return { keyArea: k, label: KEY_AREA_LABELS[k], found, solved, closureRate: pct(solved, found) };
    });
    const resolved = total.res_grid + total.res_community + total.res_street + total.res_district;
    return {
      from,
      to,
      root,
      rows,
      total: { found: total.found, solved: total.solved, closureRate: pct(total.solved, total.found) },
      counts: {
        registered: total.registered,
        rejected: total.rejected,
        duplicates: total.duplicates,
        handled: total.handled,
        reworked: total.reworked,
        closed: total.closed,
        closedOnTime: total.closed_on_time,
        misregistered: total.misregistered,
      },
      rates: {
        closure: pct(total.closed, total.registered),
        onTimeClosure: pct(total.closed_on_time, total.closed),
        rework: pct(total.reworked, total.handled),
        accurateRegistration: pct(total.registered - total.misregistered, total.registered),
      },
      resolutionLevels: {
        grid: pct(total.res_grid, resolved),
        community: pct(total.res_community, resolved),
        street: pct(total.res_street, resolved),
        district: pct(total.res_district, resolved),
      },
      resolutionCounts: { grid: total.res_grid, community: total.res_community, street: total.res_street, district: total.res_district },
    };
  }

  /** 发现 per day and key area over [from, to] (the wall's 30-day trend). */
  async trend(actor: Actor, req: KeyAreaTrend.Request): Promise<KeyAreaTrend.Reply> {
    const root = narrowScope(actor.scope, req.root);
    if (root === null) throw new AppError(OfficeErrorCode.OutOfScope, `root ${req.root} is outside your scope ${actor.scope}`, { field: 'root' });
    if (req.from > req.to) throw AppError.validation([{ field: 'from', messages: ['from must not be after to'] }]);
    const days: string[] = [];
    for (let d = req.from; d <= req.to && days.length <= KeyAreaTrend.MAX_DAYS; d = addDays(d, 1)) days.push(d);
    if (days.length > KeyAreaTrend.MAX_DAYS) throw AppError.validation([{ field: 'to', messages: [`at most ${KeyAreaTrend.MAX_DAYS} days from from`] }]);
    const index = new Map(days.map((d, i) => [d, i]));
    const rows = await this.repo.foundByDay(root, req.from, req.to);
    const series = KEY_AREAS.map((k) => ({ keyArea: k, label: KEY_AREA_LABELS[k], found: days.map(() => 0) }));
    const byArea = new Map(series.map((s) => [s.keyArea as string, s]));
    const total = days.map(() => 0);
    for (const r of rows) {
      const i = index.get(r.day);
      const s = byArea.get(r.key_area);
      if (i === undefined || !s) continue;
      s.found[i] += r.found;
      total[i] += r.found;
    }
    return { root, from: req.from, to: req.to, days, series, total };
  }

  /** Open problems now per grid of a level (the wall's map). */
  async openByGrid(actor: Actor, req: OpenByGrid.Request): Promise<OpenByGrid.Reply> {
    const root = narrowScope(actor.scope, req.root);
    if (root === null) throw new AppError(OfficeErrorCode.OutOfScope, `root ${req.root} is outside your scope ${actor.scope}`, { field: 'root' });
    const level = req.level ?? 'compound';
    const items = await this.repo.openByGrid(root, OPEN_BY_GRID_LEVELS[level]);
    return { root, level, at: new Date().toISOString(), items };
  }
}

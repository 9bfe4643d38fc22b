import { Injectable } from '@nestjs/common';
import { Actor, KEY_AREA_LABELS, KEY_AREAS, KeyAreaStats, OfficeErrorCode } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { narrowScope } from '@grid122/persistence';
import { IncidentClockService } from '../incident/incident-clock.service';
import { Counter, COUNTERS, StatsRepository } from './stats.repository';

const pct = (n: number, d: number): number | null => (d > 0 ? Math.round((n / d) * 10000) / 100 : null);

/** The dashboard figures (秦岭路街道 ledger style), read from the pre-aggregated counters. */
@Injectable()
export class StatsService {
  constructor(
    private readonly repo: StatsRepository,
    private readonly clock: IncidentClockService,
  ) {}

  async keyAreas(actor: Actor, req: KeyAreaStats.Request): Promise<KeyAreaStats.Reply> {
    const root = narrowScope(actor.scope, req.root);
    if (root === null) throw new AppError(OfficeErrorCode.OutOfScope, `root ${req.root} is outside your scope ${actor.scope}`, { field: 'root' });
    const day = (s?: string) => (s ? (/^\d{4}-\d{2}-\d{2}$/.test(s) ? s : this.clock.calendar.localDate(new Date(s))) : null);
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
}

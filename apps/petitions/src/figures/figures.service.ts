import { Injectable } from '@nestjs/common';
import { Actor, GetPetitionsFigures, SettledLevel } from '@grid122/contracts';
import { addMonths, streetCalendar } from '@grid122/calendar';
import { AppError } from '@grid122/messaging';
import { ensure, mayRead, readScope } from '../identity/access.policy';
import { PopulationRepository } from '../population/population.repository';
import { FiguresRepository } from './figures.repository';

const rate = (num: number, den: number) => (den > 0 ? Math.round((num / den) * 10_000) / 10_000 : null);

/**
 * The group's figures for a month range: petition volume and collective petitions per month
 * (双下降: both should fall), repeat rate, on-time reply rate, disputes mediated and the levels
 * where they were settled, follow-up visits done against due.
 */
@Injectable()
export class FiguresService {
  constructor(
    private readonly repo: FiguresRepository,
    private readonly population: PopulationRepository,
  ) {}

  async get(actor: Actor, req: GetPetitionsFigures.Request): Promise<GetPetitionsFigures.Reply> {
    ensure(mayRead(actor), 'read the figures');
    const scope = readScope(actor, req.gridPath);
    const cal = streetCalendar();
    const toM = req.to ?? cal.thisMonth();
    const fromM = req.from ?? addMonths(toM, -11);
    if (fromM > toM) throw AppError.validation([{ field: 'from', messages: ['from must not be after to'] }]);
    if (addMonths(fromM, 36) <= toM) throw AppError.validation([{ field: 'from', messages: ['the range is at most 36 months'] }]);
    const from = cal.monthRange(fromM).start;
    const to = cal.monthRange(toM).end;
    const [months, timeliness, disputes, followUps, counts] = await Promise.all([
      this.repo.petitionMonths(scope, fromM, toM, cal.zone),
      this.repo.replyTimeliness(scope, from, to),
      this.repo.disputes(scope, from, to),
      this.repo.followUps(scope, from, to),
      this.population.counts(scope),
    ]);
    const total = months.reduce((s, m) => s + m.petitions, 0);
    const collective = months.reduce((s, m) => s + m.collective, 0);
    const repeats = months.reduce((s, m) => s + m.repeat, 0);
    const [prev, last] = months.length >= 2 ? months.slice(-2) : [undefined, months[0]];
    const down = (a?: number, b?: number) => a !== undefined && b !== undefined && (b < a || (a === 0 && b === 0));
    const volumeDown = down(prev?.petitions, last?.petitions);
    const collectiveDown = down(prev?.collective, last?.collective);
    const settledTotal = disputes.levels.reduce((s, l) => s + l.n, 0);
    const shares: Record<string, number> = {};
    for (const level of Object.values(SettledLevel)) shares[level] = rate(disputes.levels.find((l) => l.level === level)?.n ?? 0, settledTotal) ?? 0;
    return {
      from: fromM,
      to: toM,
      gridPath: scope,
      petitions: {
        months,
        total,
        collective,
        doubleDecline: { volumeDown, collectiveDown, both: volumeDown && collectiveDown },
        repeatRate: rate(repeats, total),
        onTimeReplyRate: rate(timeliness.onTime, timeliness.onTime + timeliness.late + timeliness.overdueUnreplied),
        overdueNow: timeliness.overdueNow,
      },
      disputes: { opened: disputes.opened, mediated: disputes.mediated, settled: disputes.settled, referred: disputes.referred, settledLevelShares: shares },
      followUps: { due: followUps.due, done: followUps.done, rate: rate(Math.min(followUps.done, followUps.due), followUps.due), overdueNow: counts.reduce((s, c) => s + c.overdue, 0) },
    };
  }
}

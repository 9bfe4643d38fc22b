import { Controller, Logger } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { streetCalendar } from '@grid122/calendar';
import { Actor, DiaryFigures, OfficeHub } from '@grid122/contracts';
import { AppError, CurrentActor } from '@grid122/messaging';
import { isWithinScope } from '@grid122/access';
import { DiaryCheckService } from '../diary-check/diary-check.service';
import { localDays, OfficeHubRepository } from './hub.repository';

/**
 * The diaries' figures need the registry's roster (who should file): given this long, so a slow or
 * absent registry blanks the diaries alone (`unavailable: ['diaries']`), never the office's panel,
 * whose whole answer the gateway waits 1.5 s for.
 */
export const HUB_DIARIES_BUDGET_MS = 1000;

/** `office.hub.figures`: the office's panel of the command hub (一办), with the diaries' 督查. */
@Controller()
export class OfficeHubMessageController {
  private readonly log = new Logger('OfficeHub');

  constructor(
    private readonly repo: OfficeHubRepository,
    private readonly diaryChecks: DiaryCheckService,
  ) {}

  @MessagePattern(OfficeHub.subject)
  async figures(@Payload() req: OfficeHub.Request, @CurrentActor() actor: Actor): Promise<OfficeHub.Reply> {
    if (!isWithinScope(req.scope, actor.scope)) throw AppError.forbidden('The hub scope is outside your own');
    const [figures, streets, diaries] = await Promise.all([
      this.repo.figures(req.scope, req.from, req.to),
      req.byStreet ? this.repo.streets(req.scope, req.from, req.to) : undefined,
      this.diaries(req.scope, req.from, req.to),
    ]);
    return { figures: { ...figures, diaries }, streets, computedAt: new Date().toISOString(), ...(diaries ? {} : { unavailable: ['diaries'] }) };
  }

  /** The period's last street day (today at most) and its month, or null when not at hand in time. */
  private diaries(scope: string, from: string, to: string): Promise<DiaryFigures | null> {
    const today = streetCalendar().today();
    const { last } = localDays(from, to);
    const work = this.diaryChecks.figures(scope, last < today ? last : today);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), HUB_DIARIES_BUDGET_MS)));
    return Promise.race([
      work.catch((e: Error) => {
        this.log.warn(`diary figures for the hub: ${e.message}`);
        return null;
      }),
      late,
    ]).finally(() => clearTimeout(timer));
  }
}

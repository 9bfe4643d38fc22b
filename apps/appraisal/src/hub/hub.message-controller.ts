import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, AppraisalHub } from '@grid122/contracts';
import { AppError, CurrentActor } from '@grid122/messaging';
import { isWithinScope } from '@grid122/access';
import { addMonths, streetCalendar } from '@grid122/calendar';
import { AppraisalHubRepository } from './hub.repository';

/** `appraisal.hub.figures`: last month's ranking and three rates (考核评价). */
@Controller()
export class AppraisalHubMessageController {
  constructor(private readonly repo: AppraisalHubRepository) {}

  @MessagePattern(AppraisalHub.subject)
  async figures(@Payload() req: AppraisalHub.Request, @CurrentActor() actor: Actor): Promise<AppraisalHub.Reply> {
    if (!isWithinScope(req.scope, actor.scope)) throw AppError.forbidden('The hub scope is outside your own');
    return { figures: await this.repo.figures(req.scope, lastMonthOf(req.to)), computedAt: new Date().toISOString() };
  }
}

/** The street month before the one holding the instant just before `to` (exclusive end), as its first day. */
export function lastMonthOf(to: string): string {
  return `${addMonths(streetCalendar().month(new Date(to).getTime() - 1), -1)}-01`;
}

import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, AppraisalHub } from '@grid122/contracts';
import { AppError, CurrentActor } from '@grid122/messaging';
import { isWithinScope } from '@grid122/persistence';
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

/** The month before the one holding `to` (Asia/Shanghai, UTC+8), as its first day. */
export function lastMonthOf(to: string): string {
  const local = new Date(new Date(to).getTime() + 8 * 3600_000 - 1);
  const d = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 10);
}

import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, EnforcementHub } from '@grid122/contracts';
import { AppError, CurrentActor } from '@grid122/messaging';
import { isWithinScope } from '@grid122/access';
import { EnforcementHubRepository } from './hub.repository';

/** `enforcement.hub.figures`: the joint enforcement team's panel (综合执法队). */
@Controller()
export class EnforcementHubMessageController {
  constructor(private readonly repo: EnforcementHubRepository) {}

  @MessagePattern(EnforcementHub.subject)
  async figures(@Payload() req: EnforcementHub.Request, @CurrentActor() actor: Actor): Promise<EnforcementHub.Reply> {
    if (!isWithinScope(req.scope, actor.scope)) throw AppError.forbidden('The hub scope is outside your own');
    const [figures, streets] = await Promise.all([this.repo.figures(req.scope), req.byStreet ? this.repo.streets(req.scope) : undefined]);
    return { figures, streets, computedAt: new Date().toISOString() };
  }
}

import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, SocialHub } from '@grid122/contracts';
import { AppError, CurrentActor } from '@grid122/messaging';
import { isWithinScope } from '@grid122/access';
import { SocialHubRepository } from './hub.repository';

/** `social.hub.figures`: the social services team's panel (社会服务队). */
@Controller()
export class SocialHubMessageController {
  constructor(private readonly repo: SocialHubRepository) {}

  @MessagePattern(SocialHub.subject)
  async figures(@Payload() req: SocialHub.Request, @CurrentActor() actor: Actor): Promise<SocialHub.Reply> {
    if (!isWithinScope(req.scope, actor.scope)) throw AppError.forbidden('The hub scope is outside your own');
    const [figures, streets] = await Promise.all([
      this.repo.figures(req.scope, req.from, req.to),
      req.byStreet ? this.repo.streets(req.scope, req.from, req.to) : undefined,
    ]);
    return { figures, streets, computedAt: new Date().toISOString() };
  }
}

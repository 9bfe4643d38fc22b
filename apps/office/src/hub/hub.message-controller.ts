import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, OfficeHub } from '@grid122/contracts';
import { AppError, CurrentActor } from '@grid122/messaging';
import { isWithinScope } from '@grid122/access';
import { OfficeHubRepository } from './hub.repository';

/** `office.hub.figures`: the office's panel of the command hub (一办). */
@Controller()
export class OfficeHubMessageController {
  constructor(private readonly repo: OfficeHubRepository) {}

  @MessagePattern(OfficeHub.subject)
  async figures(@Payload() req: OfficeHub.Request, @CurrentActor() actor: Actor): Promise<OfficeHub.Reply> {
    if (!isWithinScope(req.scope, actor.scope)) throw AppError.forbidden('The hub scope is outside your own');
    const [figures, streets] = await Promise.all([
      this.repo.figures(req.scope, req.from, req.to),
      req.byStreet ? this.repo.streets(req.scope, req.from, req.to) : undefined,
    ]);
    return { figures, streets, computedAt: new Date().toISOString() };
  }
}

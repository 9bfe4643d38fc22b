import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, PetitionsHub } from '@grid122/contracts';
import { AppError, CurrentActor } from '@grid122/messaging';
import { isWithinScope } from '@grid122/access';
import { PetitionsHubRepository } from './hub.repository';

/** `petitions.hub.figures`: the petitions & stability group's panel (综合信访稳定组). */
@Controller()
export class PetitionsHubMessageController {
  constructor(private readonly repo: PetitionsHubRepository) {}

  @MessagePattern(PetitionsHub.subject)
  async figures(@Payload() req: PetitionsHub.Request, @CurrentActor() actor: Actor): Promise<PetitionsHub.Reply> {
    if (!isWithinScope(req.scope, actor.scope)) throw AppError.forbidden('The hub scope is outside your own');
    const [figures, streets] = await Promise.all([
      this.repo.figures(req.scope, req.from, req.to),
      req.byStreet ? this.repo.streets(req.scope, req.from, req.to) : undefined,
    ]);
    return { figures, streets, computedAt: new Date().toISOString() };
  }
}

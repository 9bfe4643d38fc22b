import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, OrganisationHub } from '@grid122/contracts';
import { AppError, CurrentActor } from '@grid122/messaging';
import { isWithinScope } from '@grid122/access';
import { RegistryHubRepository } from './hub.repository';

/** `registry.hub.figures`: the grassroots-organisation-building group's panel (基层组织建设组). */
@Controller()
export class RegistryHubMessageController {
  constructor(private readonly repo: RegistryHubRepository) {}

  @MessagePattern(OrganisationHub.subject)
  async figures(@Payload() req: OrganisationHub.Request, @CurrentActor() actor: Actor): Promise<OrganisationHub.Reply> {
    if (!isWithinScope(req.scope, actor.scope)) throw AppError.forbidden('The hub scope is outside your own');
    const [figures, streets] = await Promise.all([this.repo.figures(req.scope), req.byStreet ? this.repo.streets(req.scope) : undefined]);
    return { figures, streets, computedAt: new Date().toISOString() };
  }
}

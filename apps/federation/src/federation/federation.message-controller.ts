import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, DecideFederationEscalation, ListFederationEscalations, ListFederationStreets, ListFederationTasks, PushFederationTask } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { FederationService } from './federation.service';

/** `federation.*`: the district platform's (区级平台) read model and hand-down, asked by the gateway's /api/v1/federation routes. */
@Controller()
export class FederationMessageController {
  constructor(private readonly federation: FederationService) {}

  @MessagePattern(ListFederationEscalations.subject)
  escalations(@Payload() req: ListFederationEscalations.Request, @CurrentActor() actor: Actor): Promise<ListFederationEscalations.Reply> {
    return this.federation.escalations(actor, req);
  }

  @MessagePattern(ListFederationStreets.subject)
  streets(@Payload() req: ListFederationStreets.Request, @CurrentActor() actor: Actor): Promise<ListFederationStreets.Reply> {
    return this.federation.streets(actor, req);
  }

  @MessagePattern(PushFederationTask.subject)
  pushTask(@Payload() req: PushFederationTask.Request, @CurrentActor() actor: Actor): Promise<PushFederationTask.Reply> {
    return this.federation.pushTask(actor, req);
  }

  @MessagePattern(ListFederationTasks.subject)
  tasks(@Payload() req: ListFederationTasks.Request, @CurrentActor() actor: Actor): Promise<ListFederationTasks.Reply> {
    return this.federation.tasks(actor, req);
  }

  @MessagePattern(DecideFederationEscalation.subject)
  decide(@Payload() req: DecideFederationEscalation.Request, @CurrentActor() actor: Actor): Promise<DecideFederationEscalation.Reply> {
    return this.federation.decideEscalation(actor, req);
  }
}

import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AcknowledgeUrging, Actor, SuperviseSweep, UrgeIncident } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { SupervisionService } from './supervision.service';
import { UrgingService } from './urging.service';

/** 督办 and 催办 over NATS: adapters. */
@Controller()
export class SupervisionMessageController {
  constructor(
    private readonly urging: UrgingService,
    private readonly supervision: SupervisionService,
  ) {}

  @MessagePattern(UrgeIncident.subject)
  urge(@Payload() req: UrgeIncident.Request, @CurrentActor() actor: Actor) {
    return this.urging.urge(actor, req);
  }

  @MessagePattern(AcknowledgeUrging.subject)
  acknowledge(@Payload() req: AcknowledgeUrging.Request, @CurrentActor() actor: Actor) {
    return this.urging.acknowledge(actor, req);
  }

  @MessagePattern(SuperviseSweep.subject)
  sweep(@Payload() _req: SuperviseSweep.Request, @CurrentActor() actor: Actor) {
    return this.supervision.sweepFor(actor);
  }
}

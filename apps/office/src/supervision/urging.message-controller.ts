import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AcknowledgeUrging, Actor, UrgeIncident } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { UrgingService } from './urging.service';

/** 催办 over NATS: an adapter. */
@Controller()
export class UrgingMessageController {
  constructor(private readonly urging: UrgingService) {}

  @MessagePattern(UrgeIncident.subject)
  urge(@Payload() req: UrgeIncident.Request, @CurrentActor() actor: Actor) {
    return this.urging.urge(actor, req);
  }

  @MessagePattern(AcknowledgeUrging.subject)
  acknowledge(@Payload() req: AcknowledgeUrging.Request, @CurrentActor() actor: Actor) {
    return this.urging.acknowledge(actor, req);
  }
}

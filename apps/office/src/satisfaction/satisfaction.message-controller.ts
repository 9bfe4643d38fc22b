import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, RateIncident } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { SatisfactionService } from './satisfaction.service';

/** 办结满意度 over NATS: an adapter. */
@Controller()
export class SatisfactionMessageController {
  constructor(private readonly satisfaction: SatisfactionService) {}

  @MessagePattern(RateIncident.subject)
  rate(@Payload() req: RateIncident.Request, @CurrentActor() actor: Actor) {
    return this.satisfaction.rate(actor, req);
  }
}

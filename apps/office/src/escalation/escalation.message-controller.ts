import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, ListEscalationDeliveries, RetryEscalationDelivery } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { EscalationService } from './escalation.service';

/** The escalation webhook's deliveries (pending / delivered / dead). */
@Controller()
export class EscalationMessageController {
  constructor(private readonly escalation: EscalationService) {}

  @MessagePattern(ListEscalationDeliveries.subject)
  list(@Payload() req: ListEscalationDeliveries.Request, @CurrentActor() actor: Actor) {
    return this.escalation.list(actor, req);
  }

  @MessagePattern(RetryEscalationDelivery.subject)
  retry(@Payload() req: RetryEscalationDelivery.Request, @CurrentActor() actor: Actor) {
    return this.escalation.retry(actor, req);
  }
}

import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, ListOpen311Requests } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { Open311RequestsService } from './open311-requests.service';

/** NATS adapter of Open311's request list. */
@Controller()
export class Open311RequestsMessageController {
  constructor(private readonly requests: Open311RequestsService) {}

  @MessagePattern(ListOpen311Requests.subject)
  list(@Payload() req: ListOpen311Requests.Request, @CurrentActor() actor: Actor) {
    return this.requests.list(actor, req);
  }
}

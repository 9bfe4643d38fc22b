import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, CommentOnIncident, ListIncidentUpdates } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { IncidentUpdatesService } from './incident-updates.service';

/** NATS adapters of the public update feed and residents' comments: one line each. */
@Controller()
export class IncidentUpdatesMessageController {
  constructor(private readonly updates: IncidentUpdatesService) {}

  @MessagePattern(ListIncidentUpdates.subject)
  list(@Payload() req: ListIncidentUpdates.Request, @CurrentActor() actor: Actor) {
    return this.updates.list(actor, req);
  }

  @MessagePattern(CommentOnIncident.subject)
  comment(@Payload() req: CommentOnIncident.Request, @CurrentActor() actor: Actor) {
    return this.updates.comment(actor, req);
  }
}

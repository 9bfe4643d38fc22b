import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, ListOpen311Requests, Open311Comment, Open311Create, Open311Definition, Open311Find, Open311Get, Open311Services, Open311Updates } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { Open311RequestsService } from './open311-requests.service';
import { Open311Service } from './open311.service';

/** NATS adapters of Open311 (the gateway renders the answers as JSON or XML). */
@Controller()
export class Open311RequestsMessageController {
  constructor(
    private readonly requests: Open311RequestsService,
    private readonly open311: Open311Service,
  ) {}

  @MessagePattern(ListOpen311Requests.subject)
  list(@Payload() req: ListOpen311Requests.Request, @CurrentActor() actor: Actor) {
    return this.requests.list(actor, req);
  }

  @MessagePattern(Open311Services.subject)
  services(@Payload() _req: Open311Services.Request) {
    return this.open311.services();
  }

  @MessagePattern(Open311Definition.subject)
  definition(@Payload() req: Open311Definition.Request) {
    return this.open311.definition(req);
  }

  @MessagePattern(Open311Find.subject)
  find(@Payload() req: Open311Find.Request, @CurrentActor() actor: Actor) {
    return this.open311.find(actor, req);
  }

  @MessagePattern(Open311Get.subject)
  get(@Payload() req: Open311Get.Request, @CurrentActor() actor: Actor) {
    return this.open311.get(actor, req);
  }

  @MessagePattern(Open311Updates.subject)
  updates(@Payload() req: Open311Updates.Request, @CurrentActor() actor: Actor) {
    return this.open311.updates(actor, req);
  }

  @MessagePattern(Open311Create.subject)
  create(@Payload() req: Open311Create.Request, @CurrentActor() actor: Actor) {
    return this.open311.create(actor, req);
  }

  @MessagePattern(Open311Comment.subject)
  comment(@Payload() req: Open311Comment.Request, @CurrentActor() actor: Actor) {
    return this.open311.comment(actor, req);
  }
}

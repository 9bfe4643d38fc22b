import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, ListIdentityAudit } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { IdentityService } from './identity.service';

@Controller()
export class IdentityMessageController {
  constructor(private readonly identity: IdentityService) {}

  @MessagePattern(ListIdentityAudit.subject)
  listAudit(@Payload() req: ListIdentityAudit.Request, @CurrentActor() actor: Actor) {
    return this.identity.listAudit(actor, req);
  }
}

import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, CreateCommitment, CreatePartyOrg, FulfilCommitment, ListCommitments, ListPartyOrgs, UpdatePartyOrg } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { PartyService } from './party.service';

@Controller()
export class PartyMessageController {
  constructor(private readonly party: PartyService) {}

  @MessagePattern(ListPartyOrgs.subject)
  list(@Payload() req: ListPartyOrgs.Request, @CurrentActor() actor: Actor) {
    return this.party.list(actor, req);
  }

  @MessagePattern(CreatePartyOrg.subject)
  create(@Payload() req: CreatePartyOrg.Request, @CurrentActor() actor: Actor) {
    return this.party.create(actor, req);
  }

  @MessagePattern(UpdatePartyOrg.subject)
  update(@Payload() req: UpdatePartyOrg.Request, @CurrentActor() actor: Actor) {
    return this.party.update(actor, req);
  }

  @MessagePattern(ListCommitments.subject)
  commitments(@Payload() req: ListCommitments.Request, @CurrentActor() actor: Actor) {
    return this.party.commitments(actor, req);
  }

  @MessagePattern(CreateCommitment.subject)
  pledge(@Payload() req: CreateCommitment.Request, @CurrentActor() actor: Actor) {
    return this.party.pledge(actor, req);
  }

  @MessagePattern(FulfilCommitment.subject)
  fulfil(@Payload() req: FulfilCommitment.Request, @CurrentActor() actor: Actor) {
    return this.party.fulfil(actor, req);
  }
}

import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AcceptPetition,
  Actor,
  ClosePetition,
  ExtendPetition,
  GetPetition,
  HandoverPetition,
  ListOverduePetitions,
  ListPetitions,
  RegisterPetition,
  RejectPetition,
  ReplyPetition,
  ReturnPetition,
  RevealPetition,
} from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { PetitionService } from './petition.service';

@Controller()
export class PetitionMessageController {
  constructor(private readonly petitions: PetitionService) {}

  @MessagePattern(RegisterPetition.subject)
  register(@Payload() req: RegisterPetition.Request, @CurrentActor() a: Actor) {
    return this.petitions.register(a, req);
  }

  @MessagePattern(ListPetitions.subject)
  list(@Payload() req: ListPetitions.Request, @CurrentActor() a: Actor) {
    return this.petitions.list(a, req);
  }

  @MessagePattern(ListOverduePetitions.subject)
  overdue(@Payload() req: ListOverduePetitions.Request, @CurrentActor() a: Actor) {
    return this.petitions.overdue(a, req);
  }

  @MessagePattern(GetPetition.subject)
  get(@Payload() req: GetPetition.Request, @CurrentActor() a: Actor) {
    return this.petitions.get(a, req);
  }

  @MessagePattern(AcceptPetition.subject)
  accept(@Payload() req: AcceptPetition.Request, @CurrentActor() a: Actor) {
    return this.petitions.accept(a, req);
  }

  @MessagePattern(RejectPetition.subject)
  reject(@Payload() req: RejectPetition.Request, @CurrentActor() a: Actor) {
    return this.petitions.reject(a, req);
  }

  @MessagePattern(ExtendPetition.subject)
  extend(@Payload() req: ExtendPetition.Request, @CurrentActor() a: Actor) {
    return this.petitions.extend(a, req);
  }

  @MessagePattern(ReplyPetition.subject)
  reply(@Payload() req: ReplyPetition.Request, @CurrentActor() a: Actor) {
    return this.petitions.reply(a, req);
  }

  @MessagePattern(ClosePetition.subject)
  close(@Payload() req: ClosePetition.Request, @CurrentActor() a: Actor) {
    return this.petitions.close(a, req);
  }

  @MessagePattern(HandoverPetition.subject)
  handover(@Payload() req: HandoverPetition.Request, @CurrentActor() a: Actor) {
    return this.petitions.handover(a, req);
  }

  @MessagePattern(ReturnPetition.subject)
  return(@Payload() req: ReturnPetition.Request, @CurrentActor() a: Actor) {
    return this.petitions.return(a, req);
  }

  @MessagePattern(RevealPetition.subject)
  reveal(@Payload() req: RevealPetition.Request, @CurrentActor() a: Actor) {
    return this.petitions.reveal(a, req);
  }
}

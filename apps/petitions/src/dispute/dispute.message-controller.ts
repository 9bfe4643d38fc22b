import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, AddDisputeParty, CloseDispute, GetDispute, ListDisputes, OpenDispute, RecordMediationSession, ReturnDispute, RevealDispute } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { DisputeService } from './dispute.service';

@Controller()
export class DisputeMessageController {
  constructor(private readonly disputes: DisputeService) {}

  @MessagePattern(OpenDispute.subject)
  open(@Payload() req: OpenDispute.Request, @CurrentActor() a: Actor) {
    return this.disputes.open(a, req);
  }

  @MessagePattern(ListDisputes.subject)
  list(@Payload() req: ListDisputes.Request, @CurrentActor() a: Actor) {
    return this.disputes.list(a, req);
  }

  @MessagePattern(GetDispute.subject)
  get(@Payload() req: GetDispute.Request, @CurrentActor() a: Actor) {
    return this.disputes.get(a, req);
  }

  @MessagePattern(AddDisputeParty.subject)
  addParty(@Payload() req: AddDisputeParty.Request, @CurrentActor() a: Actor) {
    return this.disputes.addParty(a, req);
  }

  @MessagePattern(RecordMediationSession.subject)
  recordSession(@Payload() req: RecordMediationSession.Request, @CurrentActor() a: Actor) {
    return this.disputes.recordSession(a, req);
  }

  @MessagePattern(CloseDispute.subject)
  close(@Payload() req: CloseDispute.Request, @CurrentActor() a: Actor) {
    return this.disputes.close(a, req);
  }

  @MessagePattern(ReturnDispute.subject)
  return(@Payload() req: ReturnDispute.Request, @CurrentActor() a: Actor) {
    return this.disputes.return(a, req);
  }

  @MessagePattern(RevealDispute.subject)
  reveal(@Payload() req: RevealDispute.Request, @CurrentActor() a: Actor) {
    return this.disputes.reveal(a, req);
  }
}

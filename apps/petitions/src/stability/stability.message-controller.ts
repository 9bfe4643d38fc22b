import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AcknowledgeWarning, Actor, CurrentWarnings, GetMeeting, GetWarning, IssueWarning, LiftWarning, ListMeetings, ListUnacknowledged, ListWarnings, RecordMeeting } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { StabilityService } from './stability.service';

@Controller()
export class StabilityMessageController {
  constructor(private readonly stability: StabilityService) {}

  @MessagePattern(IssueWarning.subject)
  issue(@Payload() req: IssueWarning.Request, @CurrentActor() a: Actor) {
    return this.stability.issue(a, req);
  }

  @MessagePattern(ListWarnings.subject)
  list(@Payload() req: ListWarnings.Request, @CurrentActor() a: Actor) {
    return this.stability.list(a, req);
  }

  @MessagePattern(CurrentWarnings.subject)
  current(@CurrentActor() a: Actor) {
    return this.stability.current(a);
  }

  @MessagePattern(GetWarning.subject)
  get(@Payload() req: GetWarning.Request, @CurrentActor() a: Actor) {
    return this.stability.get(a, req.id);
  }

  @MessagePattern(AcknowledgeWarning.subject)
  acknowledge(@Payload() req: AcknowledgeWarning.Request, @CurrentActor() a: Actor) {
    return this.stability.acknowledge(a, req);
  }

  @MessagePattern(ListUnacknowledged.subject)
  unacknowledged(@Payload() req: ListUnacknowledged.Request, @CurrentActor() a: Actor) {
    return this.stability.unacknowledged(a, req);
  }

  @MessagePattern(LiftWarning.subject)
  lift(@Payload() req: LiftWarning.Request, @CurrentActor() a: Actor) {
    return this.stability.lift(a, req);
  }

  @MessagePattern(RecordMeeting.subject)
  recordMeeting(@Payload() req: RecordMeeting.Request, @CurrentActor() a: Actor) {
    return this.stability.recordMeeting(a, req);
  }

  @MessagePattern(ListMeetings.subject)
  listMeetings(@Payload() req: ListMeetings.Request, @CurrentActor() a: Actor) {
    return this.stability.listMeetings(a, req);
  }

  @MessagePattern(GetMeeting.subject)
  getMeeting(@Payload() req: GetMeeting.Request, @CurrentActor() a: Actor) {
    return this.stability.getMeeting(a, req.id);
  }
}

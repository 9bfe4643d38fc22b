import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, CloseMeetingDecision, ListDoubleSelections, RecordDoubleSelection, GetGridMeeting, ListMeetingDecisions, ListMeetingKinds, ListGridMeetings, MeetingFigures, MeetingMembersOf, OverdueMeetings, RecordGridMeeting } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { MeetingService } from './meeting.service';

/** NATS adapters of 三会一评: one line per pattern. */
@Controller()
export class MeetingMessageController {
  constructor(private readonly meetings: MeetingService) {}

  @MessagePattern(ListMeetingKinds.subject)
  kinds() {
    return this.meetings.kinds();
  }

  @MessagePattern(MeetingMembersOf.subject)
  members(@Payload() req: MeetingMembersOf.Request, @CurrentActor() actor: Actor) {
    return this.meetings.members(actor, req);
  }

  @MessagePattern(RecordGridMeeting.subject)
  record(@Payload() req: RecordGridMeeting.Request, @CurrentActor() actor: Actor) {
    return this.meetings.record(actor, req);
  }

  @MessagePattern(ListGridMeetings.subject)
  list(@Payload() req: ListGridMeetings.Request, @CurrentActor() actor: Actor) {
    return this.meetings.list(actor, req);
  }

  @MessagePattern(GetGridMeeting.subject)
  get(@Payload() req: GetGridMeeting.Request, @CurrentActor() actor: Actor) {
    return this.meetings.get(actor, req);
  }

  @MessagePattern(OverdueMeetings.subject)
  overdue(@Payload() req: OverdueMeetings.Request, @CurrentActor() actor: Actor) {
    return this.meetings.overdue(actor, req);
  }

  @MessagePattern(ListMeetingDecisions.subject)
  decisions(@Payload() req: ListMeetingDecisions.Request, @CurrentActor() actor: Actor) {
    return this.meetings.decisions(actor, req);
  }

  @MessagePattern(CloseMeetingDecision.subject)
  close(@Payload() req: CloseMeetingDecision.Request, @CurrentActor() actor: Actor) {
    return this.meetings.close(actor, req);
  }

  @MessagePattern(RecordDoubleSelection.subject)
  choose(@Payload() req: RecordDoubleSelection.Request, @CurrentActor() actor: Actor) {
    return this.meetings.choose(actor, req);
  }

  @MessagePattern(ListDoubleSelections.subject)
  selections(@Payload() req: ListDoubleSelections.Request, @CurrentActor() actor: Actor) {
    return this.meetings.selections(actor, req);
  }

  @MessagePattern(MeetingFigures.subject)
  figures(@Payload() req: MeetingFigures.Request, @CurrentActor() actor: Actor) {
    return this.meetings.figures(actor, req);
  }
}

import { CloseMeetingDecision, ListDoubleSelections, RecordDoubleSelection, GetGridMeeting, ListMeetingDecisions, ListMeetingKinds, ListGridMeetings, MeetingFigures, MeetingMembersOf, OverdueMeetings, RecordGridMeeting } from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { MeetingService } from './meeting.service';

/** NATS adapters of 三会一评: one line per pattern. */
export const MeetingMessageController = messageController('MeetingMessageController', { meetings: MeetingService }, (on) => [
  on(ListMeetingKinds, (s) => s.meetings.kinds(), { actorOptional: true }),
  on(MeetingMembersOf, (s, req, a) => s.meetings.members(a, req)),
  on(RecordGridMeeting, (s, req, a) => s.meetings.record(a, req)),
  on(ListGridMeetings, (s, req, a) => s.meetings.list(a, req)),
  on(GetGridMeeting, (s, req, a) => s.meetings.get(a, req)),
  on(OverdueMeetings, (s, req, a) => s.meetings.overdue(a, req)),
  on(ListMeetingDecisions, (s, req, a) => s.meetings.decisions(a, req)),
  on(CloseMeetingDecision, (s, req, a) => s.meetings.close(a, req)),
  on(RecordDoubleSelection, (s, req, a) => s.meetings.choose(a, req)),
  on(ListDoubleSelections, (s, req, a) => s.meetings.selections(a, req)),
  on(MeetingFigures, (s, req, a) => s.meetings.figures(a, req)),
]);

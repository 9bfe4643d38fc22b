import { AcknowledgeWarning, CurrentWarnings, GetMeeting, GetWarning, IssueWarning, LiftWarning, ListMeetings, ListUnacknowledged, ListWarnings, RecordMeeting } from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { StabilityService } from './stability.service';

export const StabilityMessageController = messageController('StabilityMessageController', { stability: StabilityService }, (on) => [
  on(IssueWarning, (s, req, a) => s.stability.issue(a, req)),
  on(ListWarnings, (s, req, a) => s.stability.list(a, req)),
  on(CurrentWarnings, (s, _req, a) => s.stability.current(a)),
  on(GetWarning, (s, req, a) => s.stability.get(a, req.id)),
  on(AcknowledgeWarning, (s, req, a) => s.stability.acknowledge(a, req)),
  on(ListUnacknowledged, (s, req, a) => s.stability.unacknowledged(a, req)),
  on(LiftWarning, (s, req, a) => s.stability.lift(a, req)),
  on(RecordMeeting, (s, req, a) => s.stability.recordMeeting(a, req)),
  on(ListMeetings, (s, req, a) => s.stability.listMeetings(a, req)),
  on(GetMeeting, (s, req, a) => s.stability.getMeeting(a, req.id)),
]);

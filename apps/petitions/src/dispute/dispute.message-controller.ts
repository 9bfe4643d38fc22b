import { AddDisputeParty, CloseDispute, GetDispute, ListDisputes, OpenDispute, RecordMediationSession, ReturnDispute, RevealDispute } from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { DisputeService } from './dispute.service';

export const DisputeMessageController = messageController('DisputeMessageController', { disputes: DisputeService }, (on) => [
  on(OpenDispute, (s, req, a) => s.disputes.open(a, req)),
  on(ListDisputes, (s, req, a) => s.disputes.list(a, req)),
  on(GetDispute, (s, req, a) => s.disputes.get(a, req)),
  on(AddDisputeParty, (s, req, a) => s.disputes.addParty(a, req)),
  on(RecordMediationSession, (s, req, a) => s.disputes.recordSession(a, req)),
  on(CloseDispute, (s, req, a) => s.disputes.close(a, req)),
  on(ReturnDispute, (s, req, a) => s.disputes.return(a, req)),
  on(RevealDispute, (s, req, a) => s.disputes.reveal(a, req)),
]);

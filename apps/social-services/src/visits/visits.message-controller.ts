import { HouseholdVisitRate, ListHouseholdVisits, RecordHouseholdVisit } from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { VisitsService } from './visits.service';

export const VisitsMessageController = messageController('VisitsMessageController', { service: VisitsService }, (on) => [
  on(RecordHouseholdVisit, (s, req, a) => s.service.record(a, req)),
  on(ListHouseholdVisits, (s, req, a) => s.service.list(a, req)),
  on(HouseholdVisitRate, (s, req, a) => s.service.rate(a, req)),
]);

import { AwardResidentPoints, GetResidentHolder, RegisterResidentHolder } from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { ResidentPointsService } from './resident-points.service';

export const ResidentPointsMessageController = messageController('ResidentPointsMessageController', { service: ResidentPointsService }, (on) => [
  on(RegisterResidentHolder, (s, req, a) => s.service.register(a, req)),
  on(AwardResidentPoints, (s, req, a) => s.service.award(a, req)),
  on(GetResidentHolder, (s, req, a) => s.service.get(a, req)),
]);

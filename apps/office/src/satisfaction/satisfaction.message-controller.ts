import { RateIncident } from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { SatisfactionService } from './satisfaction.service';

/** 办结满意度 over NATS: an adapter. */
export const SatisfactionMessageController = messageController('SatisfactionMessageController', { satisfaction: SatisfactionService }, (on) => [
  on(RateIncident, (s, req, a) => s.satisfaction.rate(a, req)),
]);

import { ListEscalationDeliveries, RetryEscalationDelivery } from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { EscalationService } from './escalation.service';

/** The escalation webhook's deliveries (pending / delivered / dead). */
export const EscalationMessageController = messageController('EscalationMessageController', { escalation: EscalationService }, (on) => [
  on(ListEscalationDeliveries, (s, req, a) => s.escalation.list(a, req)),
  on(RetryEscalationDelivery, (s, req, a) => s.escalation.retry(a, req)),
]);

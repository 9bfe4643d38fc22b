import { CommentOnIncident, ListIncidentUpdates } from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { IncidentUpdatesService } from './incident-updates.service';

/** NATS adapters of the public update feed and residents' comments: one line each. */
export const IncidentUpdatesMessageController = messageController('IncidentUpdatesMessageController', { updates: IncidentUpdatesService }, (on) => [
  on(ListIncidentUpdates, (s, req, a) => s.updates.list(a, req)),
  on(CommentOnIncident, (s, req, a) => s.updates.comment(a, req)),
]);

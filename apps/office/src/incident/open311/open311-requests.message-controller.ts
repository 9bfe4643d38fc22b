import { ListOpen311Requests, Open311Comment, Open311Create, Open311Definition, Open311Find, Open311Get, Open311Services, Open311Updates } from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { Open311RequestsService } from './open311-requests.service';
import { Open311Service } from './open311.service';

/** NATS adapters of Open311 (the gateway renders the answers as JSON or XML). */
export const Open311RequestsMessageController = messageController('Open311RequestsMessageController', { requests: Open311RequestsService, open311: Open311Service }, (on) => [
  on(ListOpen311Requests, (s, req, a) => s.requests.list(a, req)),
  on(Open311Services, (s, _req) => s.open311.services(), { actorOptional: true }),
  on(Open311Definition, (s, req) => s.open311.definition(req), { actorOptional: true }),
  on(Open311Find, (s, req, a) => s.open311.find(a, req)),
  on(Open311Get, (s, req, a) => s.open311.get(a, req)),
  on(Open311Updates, (s, req, a) => s.open311.updates(a, req)),
  on(Open311Create, (s, req, a) => s.open311.create(a, req), { ownsIdempotencyKey: true }),
  on(Open311Comment, (s, req, a) => s.open311.comment(a, req)),
]);

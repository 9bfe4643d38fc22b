import { AcknowledgeUrging, SuperviseSweep, UrgeIncident } from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { SupervisionService } from './supervision.service';
import { UrgingService } from './urging.service';

/** 督办 and 催办 over NATS: adapters. */
export const SupervisionMessageController = messageController('SupervisionMessageController', { urging: UrgingService, supervision: SupervisionService }, (on) => [
  on(UrgeIncident, (s, req, a) => s.urging.urge(a, req)),
  on(AcknowledgeUrging, (s, req, a) => s.urging.acknowledge(a, req)),
  on(SuperviseSweep, (s, _req, a) => s.supervision.sweepFor(a)),
]);

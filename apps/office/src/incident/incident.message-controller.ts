import { ExportIncidents, GetIncident, GetIncidents, ListCategories, ListIncidents, ReportIncident, TransitionIncident } from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { IncidentClockService } from './incident-clock.service';
import { IncidentIntakeService } from './incident-intake.service';
import { IncidentQueryService } from './incident-query.service';
import { IncidentWorkflowService } from './incident-workflow.service';
import { buildLedgerXlsx } from './ledger-workbook';

/** NATS adapters of the ledger: one line each (intake, workflow, reads). */
export const IncidentMessageController = messageController(
  'IncidentMessageController',
  { intake: IncidentIntakeService, workflow: IncidentWorkflowService, queries: IncidentQueryService, clock: IncidentClockService },
  (on) => [
    // The Idempotency-Key is the request's own field, claimed in the intake's transaction (one record, not two).
    on(ReportIncident, (s, req, a) => s.intake.report(a, req), { ownsIdempotencyKey: true }),
    on(TransitionIncident, (s, req, a) => s.workflow.transition(a, req)),
    on(GetIncident, (s, req, a) => s.queries.get(a, req)),
    on(GetIncidents, (s, req, a) => s.queries.getMany(a, req)),
    on(ListIncidents, (s, req, a) => s.queries.list(a, req)),
    on(ExportIncidents, (s, req, a) => buildLedgerXlsx((r) => s.queries.list(a, r), req)),
    on(ListCategories, (s) => s.clock.listCategories(), { actorOptional: true }),
  ],
);

import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, ExportIncidents, GetIncident, GetIncidents, ListCategories, ListIncidents, ReportIncident, TransitionIncident } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { IncidentClockService } from './incident-clock.service';
import { IncidentIntakeService } from './incident-intake.service';
import { IncidentQueryService } from './incident-query.service';
import { IncidentWorkflowService } from './incident-workflow.service';
import { buildLedgerXlsx } from './ledger-workbook';

/** NATS adapters of the ledger: one line each. */
@Controller()
export class IncidentMessageController {
  constructor(
    private readonly intake: IncidentIntakeService,
    private readonly workflow: IncidentWorkflowService,
    private readonly queries: IncidentQueryService,
    private readonly clock: IncidentClockService,
  ) {}

  @MessagePattern(ReportIncident.subject)
  report(@Payload() req: ReportIncident.Request, @CurrentActor() actor: Actor) {
    return this.intake.report(actor, req);
  }

  @MessagePattern(TransitionIncident.subject)
  transition(@Payload() req: TransitionIncident.Request, @CurrentActor() actor: Actor) {
    return this.workflow.transition(actor, req);
  }

  @MessagePattern(GetIncident.subject)
  get(@Payload() req: GetIncident.Request, @CurrentActor() actor: Actor) {
    return this.queries.get(actor, req);
  }

  @MessagePattern(GetIncidents.subject)
  getMany(@Payload() req: GetIncidents.Request, @CurrentActor() actor: Actor) {
    return this.queries.getMany(actor, req);
  }

  @MessagePattern(ListIncidents.subject)
  list(@Payload() req: ListIncidents.Request, @CurrentActor() actor: Actor) {
    return this.queries.list(actor, req);
  }

  @MessagePattern(ExportIncidents.subject)
  export(@Payload() req: ExportIncidents.Request, @CurrentActor() actor: Actor) {
    return buildLedgerXlsx((r) => this.queries.list(actor, r), req);
  }

  @MessagePattern(ListCategories.subject)
  categories(@Payload() _req: ListCategories.Request) {
    return this.clock.listCategories();
  }
}

import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, ExportIncidents, GetIncident, GetIncidents, ListCategories, ListIncidents, ReportIncident, TransitionIncident } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { IncidentClockService } from './incident-clock.service';
import { IncidentService } from './incident.service';
import { buildLedgerXlsx } from './ledger-workbook';

/** NATS adapters of the ledger: one line each. */
@Controller()
export class IncidentMessageController {
  constructor(
    private readonly incidents: IncidentService,
    private readonly clock: IncidentClockService,
  ) {}

  @MessagePattern(ReportIncident.subject)
  report(@Payload() req: ReportIncident.Request, @CurrentActor() actor: Actor) {
    return this.incidents.report(actor, req);
  }

  @MessagePattern(TransitionIncident.subject)
  transition(@Payload() req: TransitionIncident.Request, @CurrentActor() actor: Actor) {
    return this.incidents.transition(actor, req);
  }

  @MessagePattern(GetIncident.subject)
  get(@Payload() req: GetIncident.Request, @CurrentActor() actor: Actor) {
    return this.incidents.get(actor, req);
  }

  @MessagePattern(GetIncidents.subject)
  getMany(@Payload() req: GetIncidents.Request, @CurrentActor() actor: Actor) {
    return this.incidents.getMany(actor, req);
  }

  @MessagePattern(ListIncidents.subject)
  list(@Payload() req: ListIncidents.Request, @CurrentActor() actor: Actor) {
    return this.incidents.list(actor, req);
  }

  @MessagePattern(ExportIncidents.subject)
  export(@Payload() req: ExportIncidents.Request, @CurrentActor() actor: Actor) {
    return buildLedgerXlsx((r) => this.incidents.list(actor, r), req);
  }

  @MessagePattern(ListCategories.subject)
  categories(@Payload() _req: ListCategories.Request) {
    return this.clock.listCategories();
  }
}

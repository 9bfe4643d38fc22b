import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AcknowledgeDualReport, Actor, ListDualReports } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { DualReportService } from './dual-report.service';

/** NATS adapters of the community's dual reports (双报告): one line per pattern. */
@Controller()
export class DualReportMessageController {
  constructor(private readonly reports: DualReportService) {}

  @MessagePattern(ListDualReports.subject)
  list(@Payload() req: ListDualReports.Request, @CurrentActor() actor: Actor) {
    return this.reports.list(actor, req);
  }

  @MessagePattern(AcknowledgeDualReport.subject)
  acknowledge(@Payload() req: AcknowledgeDualReport.Request, @CurrentActor() actor: Actor) {
    return this.reports.acknowledge(actor, req);
  }
}

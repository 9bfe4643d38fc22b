import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, GetNotice, GetRanking, GetThreeRates } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { ReportService } from './report.service';

@Controller()
export class ReportMessageController {
  constructor(private readonly reports: ReportService) {}

  @MessagePattern(GetRanking.subject)
  ranking(@Payload() req: GetRanking.Request, @CurrentActor() actor: Actor) {
    return this.reports.ranking(actor, req);
  }

  @MessagePattern(GetNotice.subject)
  notice(@Payload() req: GetNotice.Request, @CurrentActor() actor: Actor) {
    return this.reports.notice(actor, req);
  }

  @MessagePattern(GetThreeRates.subject)
  threeRates(@Payload() req: GetThreeRates.Request, @CurrentActor() actor: Actor) {
    return this.reports.threeRates(actor, req);
  }
}

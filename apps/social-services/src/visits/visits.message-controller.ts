import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, HouseholdVisitRate, ListHouseholdVisits, RecordHouseholdVisit } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { VisitsService } from './visits.service';

@Controller()
export class VisitsMessageController {
  constructor(private readonly service: VisitsService) {}

  @MessagePattern(RecordHouseholdVisit.subject)
  record(@Payload() req: RecordHouseholdVisit.Request, @CurrentActor() a: Actor) { return this.service.record(a, req); }

  @MessagePattern(ListHouseholdVisits.subject)
  list(@Payload() req: ListHouseholdVisits.Request, @CurrentActor() a: Actor) { return this.service.list(a, req); }

  @MessagePattern(HouseholdVisitRate.subject)
  rate(@Payload() req: HouseholdVisitRate.Request, @CurrentActor() a: Actor) { return this.service.rate(a, req); }
}

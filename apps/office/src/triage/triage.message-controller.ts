import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, ListDispatchRules, ReclassifyIncident, SetDispatchRule, SuggestDispatch } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { TriageService } from './triage.service';

/** NATS adapters of the triage (筛选分类, 派遣建议): one line each. */
@Controller()
export class TriageMessageController {
  constructor(private readonly triage: TriageService) {}

  @MessagePattern(ReclassifyIncident.subject)
  reclassify(@Payload() req: ReclassifyIncident.Request, @CurrentActor() actor: Actor) {
    return this.triage.reclassify(actor, req);
  }

  @MessagePattern(ListDispatchRules.subject)
  rules(@Payload() _req: ListDispatchRules.Request) {
    return this.triage.list();
  }

  @MessagePattern(SetDispatchRule.subject)
  setRule(@Payload() req: SetDispatchRule.Request, @CurrentActor() actor: Actor) {
    return this.triage.set(actor, req);
  }

  @MessagePattern(SuggestDispatch.subject)
  suggest(@Payload() req: SuggestDispatch.Request, @CurrentActor() actor: Actor) {
    return this.triage.suggest(actor, req);
  }
}

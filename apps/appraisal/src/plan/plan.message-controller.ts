import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, CreatePlanVersion, GetPlanVersion, ListPlans, SetGridGrade } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { PlanService } from './plan.service';

@Controller()
export class PlanMessageController {
  constructor(private readonly plans: PlanService) {}

  @MessagePattern(CreatePlanVersion.subject)
  create(@Payload() req: CreatePlanVersion.Request, @CurrentActor() actor: Actor) {
    return this.plans.create(actor, req);
  }

  @MessagePattern(ListPlans.subject)
  list(@Payload() req: ListPlans.Request, @CurrentActor() _actor: Actor) {
    return this.plans.list(req);
  }

  @MessagePattern(GetPlanVersion.subject)
  get(@Payload() req: GetPlanVersion.Request, @CurrentActor() _actor: Actor) {
    return this.plans.get(req);
  }

  @MessagePattern(SetGridGrade.subject)
  setGrade(@Payload() req: SetGridGrade.Request, @CurrentActor() actor: Actor) {
    return this.plans.setGridGrade(actor, req);
  }
}

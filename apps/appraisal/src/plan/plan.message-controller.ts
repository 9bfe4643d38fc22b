import { CreatePlanVersion, GetPlanVersion, ListPlans, SetGridGrade } from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { PlanService } from './plan.service';

export const PlanMessageController = messageController('PlanMessageController', { plans: PlanService }, (on) => [
  on(CreatePlanVersion, (s, req, a) => s.plans.create(a, req)),
  on(ListPlans, (s, req, a) => s.plans.list(req)),
  on(GetPlanVersion, (s, req, a) => s.plans.get(req)),
  on(SetGridGrade, (s, req, a) => s.plans.setGridGrade(a, req)),
]);

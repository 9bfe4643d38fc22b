import { Module, Provider, Type } from '@nestjs/common';
import { PlanMessageController } from './plan.message-controller';
import { PlanRepository } from './plan.repository';
import { PlanService } from './plan.service';

const controllers: Type[] = [PlanMessageController];
const services: Provider[] = [PlanService];
const repositories: Provider[] = [PlanRepository];

/** Score plans: versioned rule tables per grid grade. */
@Module({ controllers, providers: [...services, ...repositories], exports: repositories as Type[] })
export class PlanModule {}

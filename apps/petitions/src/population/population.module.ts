import { Module, Provider, Type } from '@nestjs/common';
import { PopulationMessageController } from './population.message-controller';
import { PopulationRepository } from './population.repository';
import { PopulationService } from './population.service';

const controllers: Type[] = [PopulationMessageController];
const services: Provider[] = [PopulationService];
const repositories: Provider[] = [PopulationRepository];

/** 特殊人群: registers, risk, follow-up visits and the overdue list. */
@Module({ controllers, providers: [...services, ...repositories], exports: [PopulationRepository] })
export class PopulationModule {}

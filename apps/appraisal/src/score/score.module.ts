import { Module, Provider, Type } from '@nestjs/common';
import { IndicatorModule } from '../indicator/indicator.module';
import { PlanModule } from '../plan/plan.module';
import { SurveyModule } from '../survey/survey.module';
import { ScoreMessageController } from './score.message-controller';
import { ScoreRepository } from './score.repository';
import { ScoreService } from './score.service';

const controllers: Type[] = [ScoreMessageController];
const services: Provider[] = [ScoreService];
const repositories: Provider[] = [ScoreRepository];

/** Monthly scores, tiers and the year-end rules. */
@Module({ imports: [IndicatorModule, PlanModule, SurveyModule], controllers, providers: [...services, ...repositories], exports: repositories as Type[] })
export class ScoreModule {}

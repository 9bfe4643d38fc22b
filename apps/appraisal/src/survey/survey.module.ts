import { Module, Provider, Type } from '@nestjs/common';
import { IndicatorModule } from '../indicator/indicator.module';
import { SurveyMessageController } from './survey.message-controller';
import { SurveyRepository } from './survey.repository';
import { SurveyService } from './survey.service';

const controllers: Type[] = [SurveyMessageController];
const services: Provider[] = [SurveyService];
const repositories: Provider[] = [SurveyRepository];

/** Satisfaction (满意度): return visits after closure and the half-yearly democratic appraisal. */
@Module({ imports: [IndicatorModule], controllers, providers: [...services, ...repositories], exports: repositories as Type[] })
export class SurveyModule {}

import { Module, Provider, Type } from '@nestjs/common';
import { SurveyModule } from '../survey/survey.module';
import { IndicatorModule } from './indicator.module';
import { IndicatorService } from './indicator.service';

const services: Provider[] = [IndicatorService];

/** The durable event consumer that feeds the read model (and opens return-visit surveys). */
@Module({ imports: [IndicatorModule, SurveyModule], providers: services, exports: services as Type[] })
export class IndicatorFeedModule {}

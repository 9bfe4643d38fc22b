import { DynamicModule, Module } from '@nestjs/common';
import { serviceModule } from '@grid122/bootstrap';
import { AppraisalEnv, loadAppraisalEnv } from './config/appraisal.env';
import { dataSourceOptions } from './database/data-source';
import { IndicatorFeedModule } from './indicator/indicator-feed.module';
import { PlanModule } from './plan/plan.module';
import { ReportModule } from './report/report.module';
import { ScoreModule } from './score/score.module';
import { SurveyModule } from './survey/survey.module';
import { AppraisalHubModule } from './hub/hub.module';

/** Capability modules of the appraisal service, as a table of contents. */
const capabilities = [
  IndicatorFeedModule, // indicators from every service's events (durable consumer 'appraisal')
  PlanModule, // versioned score plans per grid grade
  ScoreModule, // monthly scores, tiers, year-end
  SurveyModule, // satisfaction: return visits, democratic appraisal
  ReportModule, // rankings, monthly notice, three rates
  AppraisalHubModule, // figures for the command hub aggregate (issue 13)
];

/** 考核评价 appraisal and evaluation. */
@Module({})
export class AppModule {
  static forRoot(env: AppraisalEnv = loadAppraisalEnv()): DynamicModule {
    return serviceModule(AppModule, { app: 'appraisal', env, envClass: AppraisalEnv, dataSource: dataSourceOptions(env), capabilities });
  }
}

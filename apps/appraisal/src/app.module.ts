import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { healthModuleFor, ObservabilityModule } from '@grid122/bootstrap';
import { MessagingModule } from '@grid122/messaging';
import { AppraisalEnv, loadAppraisalEnv } from './config/appraisal.env';
import { dataSourceOptions } from './database/data-source';
import { IndicatorFeedModule } from './indicator/indicator-feed.module';
import { PlanModule } from './plan/plan.module';
import { ReportModule } from './report/report.module';
import { ScoreModule } from './score/score.module';
import { SurveyModule } from './survey/survey.module';
import { AppraisalHubModule } from './hub/hub.module';

/** Capability modules of the appraisal service, as a table of contents. */
const capabilities: DynamicModule['imports'] = [
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
    return {
      module: AppModule,
      global: true,
      imports: [
        ObservabilityModule.forRoot('appraisal'),
        TypeOrmModule.forRoot(dataSourceOptions(env)),
        MessagingModule.forRoot({ app: 'appraisal', natsUrl: env.NATS_URL, rpcTimeoutMs: env.RPC_TIMEOUT_MS, outbox: true, streamReplicas: env.EVENT_STREAM_REPLICAS, streamMaxBytes: env.EVENT_STREAM_MAX_BYTES, actorKeys: env.actorKeys(), natsAuth: env.natsCredentials() }),
        healthModuleFor('appraisal'),
        ...(capabilities ?? []),
      ],
      providers: [{ provide: AppraisalEnv, useValue: env }],
      exports: [AppraisalEnv],
    };
  }
}

import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ObservabilityModule } from '@grid122/bootstrap';
import { MessagingModule } from '@grid122/messaging';
import { AuthModule } from './auth/auth.module';
import { GatewayEnv, loadGatewayEnv } from './config/gateway.env';
import { dataSourceOptions } from './database/data-source';
import { HealthModule } from './health/health.module';
import { AppraisalModule } from './appraisal/appraisal.module';
import { EnforcementModule } from './enforcement/enforcement.module';
import { EventsModule } from './events/events.module';
import { FederationModule } from './federation/federation.module';
import { GridsModule } from './grids/grids.module';
import { HotspotsModule } from './hotspots/hotspots.module';
import { HubModule } from './hub/hub.module';
import { IncidentsModule } from './incidents/incidents.module';
import { Open311Module } from './open311/open311.module';
import { PetitionsModule } from './petitions/petitions.module';
import { PrivacyModule } from './privacy/reveal.http-controller';
import { SecurityModule } from './security/security.module';
import { SocialModule } from './social/social.module';
import { SupervisionModule } from './supervision/supervision.module';
import { WebModule } from './web/web.module';

/** The gateway's capabilities, as a table of contents: one module per unit of "122" it fronts. */
const capabilities: DynamicModule['imports'] = [
  AuthModule,
  SecurityModule, // audit queries, security admin, @RateLimit (等保三级)
  HealthModule,
  GridsModule, // 基层组织建设组: the grid registry
  IncidentsModule, // 一办: the office's ledger
  PrivacyModule, // audited reveals of personal data (个人信息查看留痕)
  HotspotsModule, // 复发、热点、突增、每月一题 (issue 26)
  Open311Module, // district/city platforms (Open311 GeoReport v2)
  EventsModule, // the live feed (SSE)
  PetitionsModule, // 综合信访稳定组
  EnforcementModule, // 综合执法队
  SocialModule, // 社会服务队
  AppraisalModule, // 考核评价
  SupervisionModule, // 督查 (issue 25): diaries checked, meetings of 三会一评
  HubModule, // the 一办两组两队 aggregate
  FederationModule, // street → district → city over NATS leaf nodes (issue 12)
  WebModule, // the web page at /
];

/** The command hub's edge: HTTP API, auth, aggregation, live feed and web page. */
@Module({})
export class AppModule {
  static forRoot(env: GatewayEnv = loadGatewayEnv()): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        ObservabilityModule.forRoot('gateway'),
        TypeOrmModule.forRoot(dataSourceOptions(env)),
        MessagingModule.forRoot({ app: 'gateway', natsUrl: env.NATS_URL, rpcTimeoutMs: env.RPC_TIMEOUT_MS, outbox: false, streamReplicas: env.EVENT_STREAM_REPLICAS, streamMaxBytes: env.EVENT_STREAM_MAX_BYTES, photoBucket: { maxBytes: env.PHOTO_BUCKET_MAX_BYTES }, actorKeys: env.actorKeys(), natsAuth: env.natsCredentials() }),
        ...(capabilities ?? []),
      ],
      providers: [{ provide: GatewayEnv, useValue: env }],
      exports: [GatewayEnv],
    };
  }
}

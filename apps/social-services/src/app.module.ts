import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { healthModuleFor, ObservabilityModule } from '@grid122/bootstrap';
import { Unit } from '@grid122/contracts';
import { MessagingModule, ownUnitAudience } from '@grid122/messaging';
import { PiiCipher } from '@grid122/privacy';
import { SocialServicesEnv, loadSocialServicesEnv } from './config/social-services.env';
import { dataSourceOptions } from './database/data-source';
import { CircleModule } from './circle/circle.module';
import { RecipientsModule } from './recipients/recipients.module';
import { ResidentPointsModule } from './resident-points/resident-points.module';
import { RequestsModule } from './requests/requests.module';
import { SupermarketModule } from './supermarket/supermarket.module';
import { VisitsModule } from './visits/visits.module';
import { VolunteersModule } from './volunteers/volunteers.module';
import { SocialHubModule } from './hub/hub.module';

/** Capability modules of the social-services service, as a table of contents. */
const capabilities: DynamicModule['imports'] = [
  RecipientsModule, // 服务对象: elderly, low-income, disabled…, their support, breakfast vouchers
  VolunteersModule, // 志愿者: teams, hours, points
  ResidentPointsModule, // 居民积分: community awards for participation
  RequestsModule, // 服务需求: requests, deliveries, the office's dispatches
  VisitsModule, // 进家门: household visits and the visit rate
  SupermarketModule, // 爱心超市: stock, exchanges, donations, statements
  CircleModule, // 15分钟便民服务圈: service points and the gaps map
  SocialHubModule, // figures for the command hub aggregate (issue 13)
];

/** 社会服务队 social services team. */
@Module({})
export class AppModule {
  static forRoot(env: SocialServicesEnv = loadSocialServicesEnv()): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        ObservabilityModule.forRoot('social-services'),
        TypeOrmModule.forRoot(dataSourceOptions(env)),
        MessagingModule.forRoot({ app: 'social-services', audience: ownUnitAudience(Unit.Social), natsUrl: env.NATS_URL, rpcTimeoutMs: env.RPC_TIMEOUT_MS, outbox: true, streamReplicas: env.EVENT_STREAM_REPLICAS, streamMaxBytes: env.EVENT_STREAM_MAX_BYTES, actorKeys: env.actorKeys(), natsAuth: env.natsCredentials() }),
        healthModuleFor('social-services'),
        ...(capabilities ?? []),
      ],
      providers: [
        { provide: SocialServicesEnv, useValue: env },
        { provide: PiiCipher, useValue: new PiiCipher(env.piiKeys('social-services')) },
      ],
      exports: [SocialServicesEnv, PiiCipher],
    };
  }
}

import { DynamicModule, Module } from '@nestjs/common';
import { serviceModule } from '@grid122/bootstrap';
import { Unit } from '@grid122/contracts';
import { ownUnitAudience } from '@grid122/messaging';
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
const capabilities = [
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
    return serviceModule(AppModule, { app: 'social-services', env, envClass: SocialServicesEnv, dataSource: dataSourceOptions(env), capabilities, audience: ownUnitAudience(Unit.Social), pii: true });
  }
}

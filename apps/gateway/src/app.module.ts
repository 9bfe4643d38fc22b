import { DynamicModule, Module } from '@nestjs/common';
import { serviceModule } from '@grid122/bootstrap';
import { AuthModule } from './auth/auth.module';
import { GatewayEnv, loadGatewayEnv } from './config/gateway.env';
import { dataSourceOptions } from './database/data-source';
import { HealthModule } from './health/health.module';
import { EventsModule } from './events/events.module';
import { HubModule } from './hub/hub.module';
import { IncidentsModule } from './incidents/incidents.module';
import { Open311Module } from './open311/open311.module';
import { PrivacyModule } from './privacy/privacy.module';
import { RouteTablesModule } from './routing/route-tables.module';
import { SecurityModule } from './security/security.module';
import { WebModule } from './web/web.module';

/** The gateway's capabilities, as a table of contents: one module per unit of "122" it fronts. */
const capabilities: NonNullable<DynamicModule['imports']> = [
  AuthModule,
  SecurityModule, // audit queries, security admin, @RateLimit (等保三级)
  HealthModule,
  RouteTablesModule, // the services' route tables: grids, petitions, enforcement, social, appraisal, 督查, hotspots, federation
  IncidentsModule, // 一办: the office's ledger, photos, the historical import
  PrivacyModule, // audited reveals of personal data (个人信息查看留痕)
  Open311Module, // district/city platforms (Open311 GeoReport v2)
  EventsModule, // the live feed (SSE)
  HubModule, // the 一办两组两队 aggregate
  WebModule, // the web page at /
];

/** The command hub's edge: HTTP API, auth, aggregation, live feed and web page. */
@Module({})
export class AppModule {
  static forRoot(env: GatewayEnv = loadGatewayEnv()): DynamicModule {
    return serviceModule(AppModule, { app: 'gateway', env, envClass: GatewayEnv, dataSource: dataSourceOptions(env), capabilities, outbox: false, photoBucket: { maxBytes: env.PHOTO_BUCKET_MAX_BYTES } });
  }
}

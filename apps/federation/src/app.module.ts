import { DynamicModule, Module } from '@nestjs/common';
import { serviceModule } from '@grid122/bootstrap';
import { FederationEnv, loadFederationEnv } from './config/federation.env';
import { dataSourceOptions } from './database/data-source';
import { FederationModule } from './federation/federation.module';

/**
 * 区级平台 federation (street → district → city, docs/federation.md): on a district (or city) the
 * read model of the level below, built from the sourced stream, and the hand-down of tasks and
 * decisions; on a street it holds nothing and answers 404.
 */
@Module({})
export class AppModule {
  static forRoot(env: FederationEnv = loadFederationEnv()): DynamicModule {
    return serviceModule(AppModule, { app: 'federation', env, envClass: FederationEnv, dataSource: dataSourceOptions(env), capabilities: [FederationModule], outbox: false });
  }
}

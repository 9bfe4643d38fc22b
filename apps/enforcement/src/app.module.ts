import { DynamicModule, Module } from '@nestjs/common';
import { serviceModule } from '@grid122/bootstrap';
import { Unit } from '@grid122/contracts';
import { ownUnitAudience } from '@grid122/messaging';
import { EnforcementEnv, loadEnforcementEnv } from './config/enforcement.env';
import { dataSourceOptions } from './database/data-source';
import { CaseModule } from './case/case.module';
import { CategoryModule } from './category/category.module';
import { FiguresModule } from './figures/figures.module';
import { OperationModule } from './operation/operation.module';
import { EnforcementHubModule } from './hub/hub.module';

/** Capability modules of the enforcement service, as a table of contents. */
const capabilities = [
  CategoryModule, // 13 target categories and their competent departments
  CaseModule, // cases, inspections, notices, evidence, the hash-chained log
  OperationModule, // 联合执法 joint operations
  FiguresModule, // figures for the dashboard
  EnforcementHubModule, // figures for the command hub aggregate (issue 13)
];

/** 综合执法队 joint enforcement team. */
@Module({})
export class AppModule {
  static forRoot(env: EnforcementEnv = loadEnforcementEnv()): DynamicModule {
    return serviceModule(AppModule, { app: 'enforcement', env, envClass: EnforcementEnv, dataSource: dataSourceOptions(env), capabilities, audience: ownUnitAudience(Unit.Enforcement) });
  }
}

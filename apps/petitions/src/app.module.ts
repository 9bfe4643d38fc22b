import { DynamicModule, Module } from '@nestjs/common';
import { serviceModule } from '@grid122/bootstrap';
import { Unit } from '@grid122/contracts';
import { ownUnitAudience } from '@grid122/messaging';
import { PetitionsEnv, loadPetitionsEnv } from './config/petitions.env';
import { dataSourceOptions } from './database/data-source';
import { DisputeModule } from './dispute/dispute.module';
import { IdentityModule } from './identity/identity.module';
import { IntakeModule } from './intake/intake.module';
import { FiguresModule } from './figures/figures.module';
import { FloatingModule } from './floating/floating.module';
import { PetitionModule } from './petition/petition.module';
import { PopulationModule } from './population/population.module';
import { ReceptionModule } from './reception/reception.module';
import { StabilityModule } from './stability/stability.module';
import { PetitionsHubModule } from './hub/hub.module';

/** Capability modules of the petitions service, as a table of contents. */
const capabilities = [
  IdentityModule, // protected identities and the reveal audit
  PetitionModule, // 信访
  DisputeModule, // 矛盾纠纷
  IntakeModule, // cases dispatched by the office (一办)
  ReceptionModule, // 三层接访
  PopulationModule, // 特殊人群
  FloatingModule, // 流动人口
  StabilityModule, // 四级预警, 维稳例会
  FiguresModule, // 双下降 and the rest
  PetitionsHubModule, // figures for the command hub aggregate (issue 13)
];

/** 综合信访稳定组 petitions & stability group. */
@Module({})
export class AppModule {
  static forRoot(env: PetitionsEnv = loadPetitionsEnv()): DynamicModule {
    return serviceModule(AppModule, { app: 'petitions', env, envClass: PetitionsEnv, dataSource: dataSourceOptions(env), capabilities, audience: ownUnitAudience(Unit.Petitions) });
  }
}

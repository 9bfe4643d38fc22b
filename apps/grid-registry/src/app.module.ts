import { DynamicModule, Module } from '@nestjs/common';
import { serviceModule } from '@grid122/bootstrap';
import { Unit } from '@grid122/contracts';
import { ownUnitAudience } from '@grid122/messaging';
import { GridRegistryEnv, loadGridRegistryEnv } from './config/grid-registry.env';
import { dataSourceOptions } from './database/data-source';
import { GridModule } from './grid/grid.module';
import { PartyModule } from './party/party.module';
import { PeopleModule } from './people/people.module';
import { PlaceModule } from './place/place.module';
import { TaskModule } from './task/task.module';
import { RegistryHubModule } from './hub/hub.module';
import { MeetingModule } from './meeting/meeting.module';
import { AddressModule } from './address/address.module';

/** Capability modules of the grid-registry service, as a table of contents. */
const capabilities = [
  GridModule, // the grid tree, locate, import/export, gaps, ledger
  PeopleModule, // staff (1+X+Y, seven forces), departments and seconded staff, volunteers, responsibles
  PartyModule, // party organisations and members' commitments
  PlaceModule, // base data: buildings and organisations on level-3 grids
  TaskModule, // organisation tasks from the office's dispatches
  RegistryHubModule, // figures for the command hub aggregate (issue 13)
  MeetingModule, // 三会一评 (issue 25): meetings, attendance, decisions followed to closure
  AddressModule, // 按地址定位 (issue 23): addresses matched to buildings, compounds, communities and their grids
];

/** 基层组织建设组 grassroots-organisation group: the grid tree and the people responsible. */
@Module({})
export class AppModule {
  static forRoot(env: GridRegistryEnv = loadGridRegistryEnv()): DynamicModule {
    return serviceModule(AppModule, { app: 'grid-registry', env, envClass: GridRegistryEnv, dataSource: dataSourceOptions(env), capabilities, audience: ownUnitAudience(Unit.Organisation), pii: true });
  }
}

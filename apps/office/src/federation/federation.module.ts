import { Module } from '@nestjs/common';
import { IncidentModule } from '../incident/incident.module';
import { loadOfficeFederationEnv, OfficeFederationEnv } from './federation.env';
import { FederationTaskRepository } from './federation-task.repository';
import { FederationTaskService } from './federation-task.service';

const services = [FederationTaskService, { provide: OfficeFederationEnv, useFactory: () => loadOfficeFederationEnv() }];
const repositories = [FederationTaskRepository];

/** 区级下派: tasks the district hands down, sourced over the leaf link and taken into the ledger. */
@Module({ imports: [IncidentModule], providers: [...services, ...repositories] })
export class OfficeFederationModule {}

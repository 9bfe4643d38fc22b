import { Module, Provider, Type } from '@nestjs/common';
import { IncidentModule } from '../incident/incident.module';
import { DiaryCheckMessageController } from './diary-check.message-controller';
import { DiaryCheckRepository } from './diary-check.repository';
import { DiaryCheckService } from './diary-check.service';
import { RegistryRoster } from './registry-roster';

/** 民情日志督查 (issue 25): expected and missing diaries, random spot-checks, grades, the monthly 讲评. */
const controllers: Type[] = [DiaryCheckMessageController];
const services: Provider[] = [DiaryCheckService];
const repositories: Provider[] = [DiaryCheckRepository];
const adapters: Provider[] = [RegistryRoster];

@Module({ imports: [IncidentModule], controllers, providers: [...services, ...repositories, ...adapters], exports: [DiaryCheckService] })
export class DiaryCheckModule {}

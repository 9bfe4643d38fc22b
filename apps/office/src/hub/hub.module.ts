import { Module } from '@nestjs/common';
import { DiaryCheckModule } from '../diary-check/diary-check.module';
import { OfficeHubMessageController } from './hub.message-controller';
import { StatsRepository } from '../stats/stats.repository';
import { OfficeHubRepository } from './hub.repository';

const controllers = [OfficeHubMessageController];
const repositories = [OfficeHubRepository, StatsRepository];

/** The office's figures for the command hub aggregate (issue 13). */
@Module({ imports: [DiaryCheckModule], controllers, providers: [...repositories] })
export class OfficeHubModule {}

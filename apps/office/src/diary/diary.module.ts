import { Module } from '@nestjs/common';
import { IncidentModule } from '../incident/incident.module';
import { DiaryMessageController } from './diary.message-controller';
import { DiaryRepository } from './diary.repository';
import { DiaryService } from './diary.service';

/** 民情日志: grid workers' diaries, each visit's problems filed into the ledger. */
@Module({ imports: [IncidentModule], controllers: [DiaryMessageController], providers: [DiaryService, DiaryRepository] })
export class DiaryModule {}

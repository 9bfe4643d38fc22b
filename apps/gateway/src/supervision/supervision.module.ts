import { Module } from '@nestjs/common';
import { DiaryChecksHttpController, DualReportsHttpController, MeetingsHttpController } from './supervision.http-controller';

/** Gateway routes of 督查 (issue 25): diary supervision and dual reports (office), meetings of 三会一评 and 双向选择 (registry). */
@Module({ controllers: [DiaryChecksHttpController, MeetingsHttpController, DualReportsHttpController] })
export class SupervisionModule {}

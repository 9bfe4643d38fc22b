import { Module, Provider, Type } from '@nestjs/common';
import { DiaryChecksClient } from './diary-checks.client';
import { DiaryChecksHttpController } from './diary-checks.http-controller';
import { DualReportsClient } from './dual-reports.client';
import { DualReportsHttpController } from './dual-reports.http-controller';
import { MeetingsClient } from './meetings.client';
import { MeetingsHttpController } from './meetings.http-controller';

/** Gateway routes of 督查 (issue 25): diary supervision (office), meetings of 三会一评 (registry) — controllers (adapters only) and typed clients. */
const controllers: Type[] = [DiaryChecksHttpController, MeetingsHttpController, DualReportsHttpController];
const providers: Provider[] = [DiaryChecksClient, MeetingsClient, DualReportsClient];

@Module({ controllers, providers })
export class SupervisionModule {}

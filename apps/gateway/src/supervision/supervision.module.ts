import { Module, Provider, Type } from '@nestjs/common';
import { DiaryChecksClient } from './diary-checks.client';
import { DiaryChecksHttpController } from './diary-checks.http-controller';

/** Gateway routes of 督查 (issue 25): diary supervision (office) — controllers (adapters only) and typed clients. */
const controllers: Type[] = [DiaryChecksHttpController];
const providers: Provider[] = [DiaryChecksClient];

@Module({ controllers, providers })
export class SupervisionModule {}

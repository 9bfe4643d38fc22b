import { Module } from '@nestjs/common';
import { PiiCipher } from '@grid122/privacy';
import { EnforcementEnv } from '../config/enforcement.env';
import { ActionLogRepository } from './action-log.repository';
import { CaseMessageController } from './case.message-controller';
import { CaseRepository } from './case.repository';
import { CaseService } from './case.service';
import { IncidentIntakeConsumer } from './incident-intake.consumer';

const controllers = [CaseMessageController];
const services = [CaseService, IncidentIntakeConsumer, { provide: PiiCipher, inject: [EnforcementEnv], useFactory: (env: EnforcementEnv) => new PiiCipher(env.piiKeys('enforcement')) }];
const repositories = [CaseRepository, ActionLogRepository];

/** Enforcement cases: intake, inspections, notices, re-inspections, decisions, evidence, the action log. */
@Module({ controllers, providers: [...services, ...repositories], exports: [CaseService, CaseRepository, PiiCipher] })
export class CaseModule {}

import { Module } from '@nestjs/common';
import { PiiCipher } from '@grid122/privacy';
import { EnforcementEnv } from '../config/enforcement.env';
import { ActionLogRepository } from './action-log.repository';
import { CaseMessageController } from './case.message-controller';
import { CaseRepository } from './case.repository';
import { CaseIntakeService } from './case-intake.service';
import { CaseQueryService } from './case-query.service';
import { CaseWorkflowService } from './case-workflow.service';
import { IncidentIntakeConsumer } from './incident-intake.consumer';

const controllers = [CaseMessageController];
const services = [CaseIntakeService, CaseWorkflowService, CaseQueryService, IncidentIntakeConsumer, { provide: PiiCipher, inject: [EnforcementEnv], useFactory: (env: EnforcementEnv) => new PiiCipher(env.piiKeys('enforcement')) }];
const repositories = [CaseRepository, ActionLogRepository];

/**
 * Enforcement cases: intake (CaseIntakeService: patrol, operations, the office's dispatches), the
 * workflow (CaseWorkflowService: inspections, notices, re-inspections, decisions, evidence, log
 * corrections) and the reads (CaseQueryService), over one repository and the action log.
 */
@Module({ controllers, providers: [...services, ...repositories], exports: [CaseIntakeService, CaseQueryService, CaseRepository, PiiCipher] })
export class CaseModule {}

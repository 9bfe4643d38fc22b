import { Module } from '@nestjs/common';
import { EscalationEnv, loadEscalationEnv } from './escalation.env';
import { EscalationMessageController } from './escalation.message-controller';
import { EscalationRepository } from './escalation.repository';
import { EscalationService } from './escalation.service';

const controllers = [EscalationMessageController];
const services = [EscalationService, { provide: EscalationEnv, useFactory: () => loadEscalationEnv() }];
const repositories = [EscalationRepository];

/** 上报区级: the outbound, signed, retried, dead-lettered escalation webhook. */
@Module({ controllers, providers: [...services, ...repositories], exports: [EscalationService] })
export class EscalationModule {}

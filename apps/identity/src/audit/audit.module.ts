import { Module, Provider, Type } from '@nestjs/common';
import { AuditMessageController } from './audit.message-controller';
import { AuditQueryService } from './audit-query.service';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

/** The audit log (安全审计): entries written for the gateway, the auditor's query and chain check. */
const controllers: Type[] = [AuditMessageController];
const services: Provider[] = [AuditService, AuditQueryService];
const repositories: Provider[] = [AuditRepository];

@Module({ controllers, providers: [...services, ...repositories], exports: [AuditService] })
export class AuditModule {}

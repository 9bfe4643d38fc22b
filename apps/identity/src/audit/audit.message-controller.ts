import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, QueryAudit, RecordAudit, VerifyAudit } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { AuditQueryService } from './audit-query.service';
import { AuditService } from './audit.service';

/** `identity.audit.*`: entries written by the gateway; the auditor's routes `/api/v1/audit` and `/api/v1/audit/verify`. */
@Controller()
export class AuditMessageController {
  constructor(
    private readonly audit: AuditService,
    private readonly queries: AuditQueryService,
  ) {}

  @MessagePattern(RecordAudit.subject)
  record(@Payload() req: RecordAudit.Request): Promise<RecordAudit.Reply> {
    return this.audit.record(req);
  }

  @MessagePattern(QueryAudit.subject)
  query(@Payload() req: QueryAudit.Request, @CurrentActor() actor: Actor): Promise<QueryAudit.Reply> {
    return this.queries.query(actor, req);
  }

  @MessagePattern(VerifyAudit.subject)
  verify(@Payload() req: VerifyAudit.Request, @CurrentActor() actor: Actor): Promise<VerifyAudit.Reply> {
    return this.queries.verify(actor, req.ip);
  }
}

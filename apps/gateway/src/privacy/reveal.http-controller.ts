import { Body, Controller, HttpCode, Ip, Module, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CommonErrorCode, PiiRevealRequest, RevealIncidentReporter, Role } from '@grid122/contracts';
import { AppError, RpcClient } from '@grid122/messaging';
import { AuditService } from '../audit/audit.service';
import { Caller, OnlyRoles } from '../auth/auth.decorators';
import { RevealAuditInterceptor } from './reveal-audit.interceptor';

/**
 * Reveals of personal data the gateway writes to its hash-chained audit log (个人信息查看留痕):
 * the value leaves only once its `pii.reveal` entry is written (else 503 AUDIT_UNAVAILABLE and
 * nothing shown); a refusal by the service is written as `denied`. `@OnlyRoles`: the system admin,
 * the auditor and the security admin never pass (三员分立), the service checks again.
 */
@ApiTags('incidents')
@ApiBearerAuth()
@Controller('api/v1/incidents')
export class RevealHttpController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly audit: AuditService,
  ) {}

  @Post(':id/reveal-phone')
  @HttpCode(200)
  @OnlyRoles(Role.StreetCommander, Role.UnitMember, Role.DepartmentLiaison)
  @ApiOperation({ summary: "The reporter's name and phone in full (lists show 138****5678), with a reason; audited" })
  async revealPhone(@Caller() a: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() b: PiiRevealRequest, @Ip() ip: string): Promise<RevealIncidentReporter.Reply> {
    const target = `office.incident:${id}`;
    const fields = ['reporter.name', 'reporter.phone'];
    let reply: RevealIncidentReporter.Reply;
    try {
      reply = await this.rpc.call(RevealIncidentReporter, { id, reason: b.reason }, a);
    } catch (e) {
      if (e instanceof AppError && e.code === CommonErrorCode.Forbidden) {
        await this.audit.note({ actorId: a.id, actorName: a.username, action: 'pii.reveal', target, result: 'denied', ip, details: { fields, reason: b.reason } });
      }
      throw e;
    }
    await this.audit.record({ actorId: a.id, actorName: a.username, action: 'pii.reveal', target, result: 'ok', ip, details: { fields, reason: b.reason, code: reply.code } });
    return reply;
  }
}

@Module({ controllers: [RevealHttpController], providers: [{ provide: APP_INTERCEPTOR, useClass: RevealAuditInterceptor }] })
export class PrivacyModule {}

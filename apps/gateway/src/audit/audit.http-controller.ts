import { Controller, Get, Ip, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Role } from '@grid122/contracts';
import { Caller, OnlyRoles } from '../auth/auth.decorators';
import { AuditPageDto, AuditQueryDto, AuditVerifyDto } from './audit.dto';
import { AuditQueryService } from './audit-query.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditHttpController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get()
  @OnlyRoles(Role.Auditor)
  @ApiOperation({ summary: 'The audit log (审计日志): logins, refused authorisations, reveals, exports, admin actions. Auditor only (三员分立).' })
  @ApiOkResponse({ type: AuditPageDto })
  query(@Caller() a: Actor, @Query() q: AuditQueryDto, @Ip() ip: string): Promise<AuditPageDto> {
    return this.audit.query(a, q, ip);
  }

  @Get('verify')
  @OnlyRoles(Role.Auditor)
  @ApiOperation({ summary: 'Verify the hash chain of the audit log (审计日志完整性校验): the first broken link, if any. Auditor only; audited.' })
  @ApiOkResponse({ type: AuditVerifyDto })
  verify(@Caller() a: Actor, @Ip() ip: string): Promise<AuditVerifyDto> {
    return this.audit.verify(a, ip);
  }
}

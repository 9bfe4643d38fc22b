import { Controller, Get, HttpCode, Ip, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Role } from '@grid122/contracts';
import { Caller, OnlyRoles } from '../auth/auth.decorators';
import { AccountSecurityService, LockedAccountDto } from './account-security.service';

/** The security administrator's desk (安全管理员): locked accounts. Not the system admin's (三员分立). */
@ApiTags('security')
@ApiBearerAuth()
@Controller('api/v1/security')
export class AccountSecurityHttpController {
  constructor(private readonly security: AccountSecurityService) {}

  @Get('locked-accounts')
  @OnlyRoles(Role.SecurityAdmin)
  @ApiOperation({ summary: 'Accounts locked or with failed logins counted' })
  locked(): Promise<{ items: LockedAccountDto[] }> {
    return this.security.locked();
  }

  @Post('accounts/:username/unlock')
  @HttpCode(200)
  @OnlyRoles(Role.SecurityAdmin)
  @ApiOperation({ summary: 'Unlock an account before its lock runs out (audited)' })
  unlock(@Caller() a: Actor, @Param('username') username: string, @Ip() ip: string): Promise<{ username: string; unlocked: true }> {
    return this.security.unlock(a, username, ip);
  }
}

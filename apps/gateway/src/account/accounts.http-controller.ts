import { Body, Controller, Get, HttpCode, Ip, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Role } from '@grid122/contracts';
import { Caller, OnlyRoles } from '../auth/auth.decorators';
import { AccountDto, AccountListQueryDto, ChangeAccountDto, CreateAccountDto, DisableAccountDto, ResetPasswordDto } from './accounts.dto';
import { AccountsService } from './accounts.service';

const IDEMPOTENCY = { name: 'Idempotency-Key', required: false, description: 'Same key + same body returns the first result; another body is 422' };

/**
 * The system administrator's accounts (账号管理): business accounts only; every change audited in
 * its own transaction (三员分立: administrator accounts are refused with SEPARATION_OF_DUTIES).
 */
@ApiTags('accounts')
@ApiBearerAuth()
@Controller('api/v1/accounts')
@OnlyRoles(Role.Admin)
export class AccountsHttpController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @ApiOperation({ summary: 'Accounts (账号), by username; never a password hash' })
  list(@Query() q: AccountListQueryDto): Promise<{ items: AccountDto[] }> {
    return this.accounts.list(q);
  }

  @Get(':id')
  @ApiOkResponse({ type: AccountDto })
  get(@Param('id') id: string): Promise<AccountDto> {
    return this.accounts.get(id);
  }

  @Post()
  @ApiHeader(IDEMPOTENCY)
  @ApiOperation({ summary: 'Create a business account (audited account.create)' })
  @ApiOkResponse({ type: AccountDto })
  create(@Caller() a: Actor, @Body() body: CreateAccountDto, @Ip() ip: string): Promise<AccountDto> {
    return this.accounts.create(a, body, ip);
  }

  @Patch(':id')
  @ApiHeader(IDEMPOTENCY)
  @ApiOperation({ summary: 'Change role, scope, unit, department or display name (audited account.change, before and after)' })
  @ApiOkResponse({ type: AccountDto })
  change(@Caller() a: Actor, @Param('id') id: string, @Body() body: ChangeAccountDto, @Ip() ip: string): Promise<AccountDto> {
    return this.accounts.change(a, id, body, ip);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY)
  @ApiOperation({ summary: 'Disable an account: its tokens stop within seconds (audited account.disable)' })
  @ApiOkResponse({ type: AccountDto })
  disable(@Caller() a: Actor, @Param('id') id: string, @Body() body: DisableAccountDto, @Ip() ip: string): Promise<AccountDto> {
    return this.accounts.setDisabled(a, id, true, body, ip);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY)
  @ApiOperation({ summary: 'Enable a disabled account (audited account.enable)' })
  @ApiOkResponse({ type: AccountDto })
  enable(@Caller() a: Actor, @Param('id') id: string, @Body() body: DisableAccountDto, @Ip() ip: string): Promise<AccountDto> {
    return this.accounts.setDisabled(a, id, false, body, ip);
  }

  @Post(':id/password')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY)
  @ApiOperation({ summary: 'Reset the password (clears failed logins; audited account.password_reset, never the password)' })
  @ApiOkResponse({ type: AccountDto })
  resetPassword(@Caller() a: Actor, @Param('id') id: string, @Body() body: ResetPasswordDto, @Ip() ip: string): Promise<AccountDto> {
    return this.accounts.resetPassword(a, id, body.password, ip);
  }
}

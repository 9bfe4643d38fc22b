import { Body, Controller, Headers, HttpCode, Ip, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AccountView, Actor, ChangeAccount, CreateAccount, DisableAccount, DisableAccountFields, EnableAccount, GetAccount, ListAccounts, ListLockedAccounts, ResetPassword, ResetPasswordFields, Role, UnlockAccount,
} from '@grid122/contracts';
import { RpcClient } from '@grid122/messaging';
import { requestContext } from '@grid122/observability';
import { Caller, OnlyRoles } from '../auth/auth.decorators';
import { AuthService } from '../auth/auth.service';
import { addRoutes, get, httpController, only, patch, post } from '../routing/routes';

const ADMIN = only(Role.Admin);
const id = { field: 'id', uuid: true } as const;
const IDEMPOTENCY = { name: 'Idempotency-Key', required: false, description: 'Same key + same body returns the first result; another body is 422' };

/**
 * The system administrator's accounts (账号管理) in the identity service: business accounts only,
 * every change audited in its own transaction (三员分立: administrator accounts are refused with
 * SEPARATION_OF_DUTIES). Disabling and a password reset end the account's sessions: this replica
 * forgets its tokens at once.
 */
@ApiTags('accounts')
@ApiBearerAuth()
@Controller('api/v1/accounts')
export class AccountsHttpController {
  constructor(
    readonly rpc: RpcClient,
    private readonly auth: AuthService,
  ) {}

  @Post(':id/disable')
  @HttpCode(200)
  @OnlyRoles(Role.Admin)
  @ApiHeader(IDEMPOTENCY)
  @ApiOperation({ summary: 'Disable an account: its tokens stop at once (audited account.disable)' })
  async disable(@Caller() a: Actor, @Param('id', ParseUUIDPipe) accountId: string, @Body() body: DisableAccountFields, @Ip() ip: string): Promise<AccountView> {
    const r = await this.rpc.call(DisableAccount, { ...body, id: accountId, ip }, a);
    this.auth.forgetAccount(accountId);
    return r;
  }

  @Post(':id/password')
  @HttpCode(200)
  @OnlyRoles(Role.Admin)
  @ApiHeader(IDEMPOTENCY)
  @ApiOperation({ summary: 'Reset the password (clears failed logins, ends the sessions; audited account.password_reset, never the password)' })
  async resetPassword(@Caller() a: Actor, @Param('id', ParseUUIDPipe) accountId: string, @Body() body: ResetPasswordFields, @Ip() ip: string, @Headers('idempotency-key') key?: string): Promise<AccountView> {
    // The key goes in the request, not as the header: identity keeps no hash of the password for it.
    const ctx = requestContext.get();
    const call = () => this.rpc.call(ResetPassword, { password: body.password, id: accountId, ip, idempotencyKey: key }, a);
    const r = await (ctx ? requestContext.run({ ...ctx, idempotencyKey: undefined }, call) : call());
    this.auth.forgetAccount(accountId);
    return r;
  }
}

addRoutes(AccountsHttpController, [
  get('', ListAccounts, ADMIN, 'list', { summary: 'Accounts (账号), by username; never a password hash' }),
  get(':id', GetAccount, ADMIN, 'get', { params: { id } }),
  post('', CreateAccount, ADMIN, 'create', { clientIp: 'ip', summary: 'Create a business account (audited account.create)', decorators: [ApiHeader(IDEMPOTENCY)] }),
  patch(':id', ChangeAccount, ADMIN, 'change', { params: { id }, clientIp: 'ip', summary: 'Change role, scope, unit, department or display name (audited account.change, before and after)', decorators: [ApiHeader(IDEMPOTENCY)] }),
  post(':id/enable', EnableAccount, ADMIN, 'enable', { params: { id }, clientIp: 'ip', status: 200, summary: 'Enable a disabled account (audited account.enable)', decorators: [ApiHeader(IDEMPOTENCY)] }),
]);

/** The security administrator's desk (安全管理员): locked accounts. Not the system admin's (三员分立). */
export const AccountSecurityHttpController = httpController('AccountSecurityHttpController', { path: 'api/v1/security', tag: 'security' }, [
  get('locked-accounts', ListLockedAccounts, only(Role.SecurityAdmin), 'locked', { input: 'none', summary: 'Accounts locked or with failed logins counted' }),
  post('accounts/:username/unlock', UnlockAccount, only(Role.SecurityAdmin), 'unlock', { clientIp: 'ip', input: 'none', status: 200, summary: 'Unlock an account before its lock runs out (audited)' }),
]);

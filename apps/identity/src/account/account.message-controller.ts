import {
  Actor, ChangeAccount, CreateAccount, DisableAccount, EnableAccount, GetAccount, ListAccounts, ListLockedAccounts, Login, Logout, Refresh, ResetPassword, ResolveActor, ResolveApiKey, Role, UnlockAccount,
} from '@grid122/contracts';
import { AppError, messageController } from '@grid122/messaging';
import { AccountSecurityService } from './account-security.service';
import { AccountsService } from './accounts.service';
import { LoginService } from './login.service';

/** 三员分立, checked here again behind the gateway's @OnlyRoles: the accounts API is the system admin's, the locks the security admin's. */
const only = (a: Actor, role: Role): Actor => {
  if (a.role !== role) throw AppError.forbidden(`Role ${a.role} may not do this (三员分立)`);
  return a;
};

/** `identity.auth.*` (the gateway's logins and token checks), `identity.account.*` (账号管理), `identity.security.*` (安全管理员). */
export const AccountMessageController = messageController('AccountMessageController', { login: LoginService, accounts: AccountsService, security: AccountSecurityService }, (on) => [
  on(Login, (s, req) => s.login.login(req)),
  on(Refresh, (s, req) => s.login.refresh(req)),
  on(Logout, (s, req, a) => s.login.logout(a, req)),
  on(ResolveActor, (s, req) => s.login.actor(req)),
  on(ResolveApiKey, (s, req) => s.login.apiKey(req)),
  on(ListAccounts, (s, req, a) => (only(a, Role.Admin), s.accounts.list(req))),
  on(GetAccount, (s, req, a) => (only(a, Role.Admin), s.accounts.get(req.id))),
  on(CreateAccount, (s, req, a) => s.accounts.create(only(a, Role.Admin), req)),
  on(ChangeAccount, (s, req, a) => s.accounts.change(only(a, Role.Admin), req)),
  on(DisableAccount, (s, req, a) => s.accounts.setDisabled(only(a, Role.Admin), req, true)),
  on(EnableAccount, (s, req, a) => s.accounts.setDisabled(only(a, Role.Admin), req, false)),
  on(ResetPassword, (s, req, a) => s.accounts.resetPassword(only(a, Role.Admin), req)),
  on(ListLockedAccounts, (s, _req, a) => (only(a, Role.SecurityAdmin), s.security.locked())),
  on(UnlockAccount, (s, req, a) => s.security.unlock(only(a, Role.SecurityAdmin), req.username, req.ip)),
]);

import { Type } from 'class-transformer';
import { IsEnum, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Actor, Role, Unit } from '../common/actor';
import { rpcSubject } from '../common/rpc';
import { Field, IsGridPath, Text } from '../common/fields';

/**
 * The roles the system administrator gives through the accounts API: the business roles. The
 * three administrator roles (系统管理员、安全管理员、审计员) are never given or taken here (三员分立,
 * docs/security.md "Accounts"); `platform` is an API key, not an account.
 */
export const MANAGED_ROLES: Role[] = [Role.DistrictViewer, Role.StreetCommander, Role.UnitMember, Role.DepartmentLiaison, Role.GridWorker, Role.CommunityStation];
/** The separated administrator duties (三员). */
export const ADMIN_DUTY_ROLES: Role[] = [Role.Admin, Role.SecurityAdmin, Role.Auditor];

/** An account's scope: the grid path its reads and writes are narrowed to. */
const Scope = (): PropertyDecorator => Field(IsString(), IsGridPath({ message: 'scope must be a grid path like nj.gulou.btq' }));
/** The client's address for the audit entry (filled by the gateway's route). */
const ClientIp = (): PropertyDecorator => Field(IsOptional(), Text(64));

/** At least 12 characters with letters and digits (等保三级 口令复杂度). */
const STRONG_PASSWORD = /^(?=.*[A-Za-z])(?=.*\d).{12,256}$/s;

export class CreateAccountFields {
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{2,63}$/, { message: 'username must be 3–64 lower-case letters, digits, . _ -' })
  username: string;

  @IsString()
  @MinLength(1)
  @MaxLength(64)
  displayName: string;

  @IsString()
  @Matches(STRONG_PASSWORD, { message: 'password must be 12–256 characters with letters and digits' })
  password: string;

  @IsIn(Object.values(Role), { message: `role must be one of ${Object.values(Role).join(', ')}` })
  role: Role;

  @IsOptional()
  @IsEnum(Unit)
  unit?: Unit;

  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @Scope()
  scope: string;
}

export class ChangeAccountFields {
  @IsOptional()
  @IsIn(Object.values(Role), { message: `role must be one of ${Object.values(Role).join(', ')}` })
  role?: Role;

  @IsOptional()
  @IsEnum(Unit)
  unit?: Unit | null;

  @IsOptional()
  @IsUUID()
  departmentId?: string | null;

  @IsOptional()
  @Scope()
  scope?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  displayName?: string;
}

export class ResetPasswordFields {
  @IsString()
  @Matches(STRONG_PASSWORD, { message: 'password must be 12–256 characters with letters and digits' })
  password: string;
}

export class DisableAccountFields {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reason?: string;
}

export class AccountListQuery {
  @IsOptional()
  @IsIn(Object.values(Role), { message: `role must be one of ${Object.values(Role).join(', ')}` })
  role?: Role;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

/** An account as the administrator sees it: who it is (UserView) and its state. */
export interface AccountView extends UserView {
  disabled: boolean;
  lockedUntil: string | null;
  createdAt: string;
}

/** The client's address for the audit entry, filled by the gateway's route (never by the client). */
class WithIp {
  @ClientIp() ip?: string;
}
class AccountId extends WithIp {
  @IsUUID(undefined, { message: 'id must be an account id (uuid)' }) id: string;
}

/**
 * The system administrator's accounts (账号管理, 三员分立: business accounts only, every change
 * audited in its own transaction; `/api/v1/accounts`).
 */
export namespace ListAccounts {
  export const subject = rpcSubject<Request, Reply>('identity.account.list');
  export class Request extends AccountListQuery {}
  export interface Reply {
    items: AccountView[];
  }
}
export namespace GetAccount {
  export const subject = rpcSubject<Request, AccountView>('identity.account.get');
  export class Request {
    @IsUUID(undefined, { message: 'id must be an account id (uuid)' }) id: string;
  }
}
export namespace CreateAccount {
  export const subject = rpcSubject<Request, AccountView>('identity.account.create');
  export class Request extends CreateAccountFields {
    @ClientIp() ip?: string;
  }
}
export namespace ChangeAccount {
  export const subject = rpcSubject<Request, AccountView>('identity.account.change');
  export class Request extends ChangeAccountFields {
    @IsUUID(undefined, { message: 'id must be an account id (uuid)' }) id: string;
    @ClientIp() ip?: string;
  }
}
export namespace DisableAccount {
  export const subject = rpcSubject<Request, AccountView>('identity.account.disable');
  export class Request extends AccountId {
    @IsOptional() @Text(200) reason?: string;
  }
}
export namespace EnableAccount {
  export const subject = rpcSubject<Request, AccountView>('identity.account.enable');
  export class Request extends DisableAccount.Request {}
}
/** The reset's Idempotency-Key travels in the request (`idempotencyKey`), not as the header: not even a hash of the password is kept. */
export namespace ResetPassword {
  export const subject = rpcSubject<Request, AccountView>('identity.account.reset-password');
  export class Request extends AccountId {
    @IsString() @Matches(STRONG_PASSWORD, { message: 'password must be 12–256 characters with letters and digits' }) password: string;
    @IsOptional() @Text(255) idempotencyKey?: string;
  }
}

/** The security administrator's desk (安全管理员): locked accounts and unlocks (`/api/v1/security`). */
export interface LockedAccountView {
  username: string;
  role: string;
  failedLogins: number;
  lockedUntil: string | null;
  /** Failures counted per address (the security admin's: his lock is per address and always runs out). */
  addresses: { ip: string; failures: number; lockedUntil: string | null }[];
}
export namespace ListLockedAccounts {
  export const subject = rpcSubject<Request, Reply>('identity.security.locked');
  export class Request {}
  export interface Reply {
    items: LockedAccountView[];
  }
}
export namespace UnlockAccount {
  export const subject = rpcSubject<Request, Reply>('identity.security.unlock');
  export class Request extends WithIp {
    @Text(200, 1) username: string;
  }
  export interface Reply {
    username: string;
    unlocked: true;
  }
}

/** Who logged in (the access token's claims; never a password hash). */
export interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unit: Unit | null;
  departmentId: string | null;
  scope: string;
}

/** A session opened or rotated: its id (the token's `sid`) and refresh token (`<session id>.<secret>`, only the secret's SHA-256 kept). */
export interface SessionGrant {
  user: UserView;
  sessionId: string;
  refreshToken: string;
  refreshExpiresIn: number;
}

/**
 * A login (登录): the account's lock (per address for the security admin), the password verified
 * (argon2id, bounded concurrency: RATE_LIMITED beyond the queue), a session opened, `auth.login`
 * written (ok, failed, denied). The gateway signs the access token.
 */
export namespace Login {
  export const subject = rpcSubject<Request, SessionGrant>('identity.auth.login');
  export class Request extends WithIp {
    @Text(64, 1) username: string;
    @Text(256, 1) password: string;
  }
}
/** A refresh token rotated: the old one spent; a spent one again ends the session (`auth.refresh` denied, reused). */
export namespace Refresh {
  export const subject = rpcSubject<Request, SessionGrant>('identity.auth.refresh');
  export class Request extends WithIp {
    @Text(200, 1) refreshToken: string;
  }
}
/** The caller's session ended (its access tokens and refresh token stop; `auth.logout`). */
export namespace Logout {
  export const subject = rpcSubject<Request, Reply>('identity.auth.logout');
  export class Request extends WithIp {
    @IsOptional() @Text(64) sessionId?: string | null;
  }
  export interface Reply {
    loggedOut: true;
  }
}
/** A verified token's (or live-feed ticket's) account as the actor: refused when the account is disabled or the session ended. */
export namespace ResolveActor {
  export const subject = rpcSubject<Request, Actor>('identity.auth.actor');
  export class Request {
    @IsUUID() accountId: string;
    @IsOptional() @Text(64) sessionId?: string | null;
  }
}
/** A platform's API key (by its SHA-256; the key itself never leaves the gateway) as the actor. */
export namespace ResolveApiKey {
  export const subject = rpcSubject<Request, Actor>('identity.auth.api-key');
  export class Request {
    @Matches(/^[0-9a-f]{64}$/, { message: 'keyHash must be a SHA-256 in hex' }) keyHash: string;
  }
}

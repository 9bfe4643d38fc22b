import { Injectable } from '@nestjs/common';
import { Actor, CommonErrorCode, GatewayErrorCode, Login, Logout, Refresh, ResolveActor, ResolveApiKey, Role, SessionGrant, UserView } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { AuditService } from '../audit/audit.service';
import { IdentityEnv } from '../config/identity.env';
import { AccountEntity } from './account.entity';
import { AccountRepository } from './account.repository';
import { PasswordHasher } from './password-hasher';
import { SessionRepository } from './session.repository';

// Verifying against a fixed hash when the user does not exist keeps timing from revealing names.
const DUMMY_HASH = '$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$RdescudvJCsgt3ub+b+dWRWJTmaaJObG6vYdOEHx3uI';

/**
 * Logins, sessions and who a token names (登录、会话): the account's lock (the security admin's per
 * address), the password (argon2id, bounded), the session and its refresh token, each login and
 * logout written to the audit log. The gateway verifies and signs the access tokens.
 */
@Injectable()
export class LoginService {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly env: IdentityEnv,
    private readonly audit: AuditService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionRepository,
  ) {}

  async login({ username, password, ip }: Login.Request): Promise<SessionGrant> {
    const account = await this.accounts.findByUsername(username);
    if (!account || account.disabled) {
      await this.hasher.verify(DUMMY_HASH, password);
      await this.audit.note({ actorName: username, action: 'auth.login', result: 'failed', ip, details: { reason: 'unknown or disabled' } });
      throw new AppError(GatewayErrorCode.BadCredentials, 'Wrong username or password');
    }
    // An account-wide lock; for the security admin, the lock of this address only (never his account).
    const lockedUntil =
      account.lockedUntil && account.lockedUntil > new Date() ? account.lockedUntil : account.role === Role.SecurityAdmin ? await this.accounts.addressLock(account.id, ip ?? 'unknown') : null;
    if (lockedUntil) {
      await this.audit.note({ actorId: account.id, actorName: username, action: 'auth.login', result: 'denied', ip, details: { reason: 'locked' } });
      throw new AppError(GatewayErrorCode.AccountLocked, 'Too many failed logins: the account is locked for a while', { lockedUntil: new Date(lockedUntil).toISOString() });
    }
    if (!(await this.hasher.verify(account.passwordHash, password))) {
      const { locked } = await this.accounts.recordFailure(account, ip ?? 'unknown', this.env.LOGIN_MAX_FAILURES, this.env.LOGIN_LOCK_SECONDS);
      await this.audit.note({ actorId: account.id, actorName: username, action: 'auth.login', result: 'failed', ip, details: { locked } });
      throw new AppError(GatewayErrorCode.BadCredentials, 'Wrong username or password');
    }
    await this.accounts.recordSuccess(account.id, ip ?? 'unknown');
    // no session without its auth.login entry
    await this.audit.record({ actorId: account.id, actorName: username, action: 'auth.login', result: 'ok', ip });
    return this.grant(account, await this.sessions.open(account.id, this.env.REFRESH_TTL_SECONDS, ip));
  }

  /** Rotates a session's refresh token: the old one is spent, a spent one used again ends the session for everyone holding it. */
  async refresh({ refreshToken, ip }: Refresh.Request): Promise<SessionGrant> {
    const r = await this.sessions.rotate(refreshToken, this.env.REFRESH_TTL_SECONDS);
    if (r.outcome !== 'ok') {
      await this.audit.note({ actorId: r.accountId ?? null, action: 'auth.refresh', result: 'denied', ip, details: { reason: r.outcome } });
      throw new AppError(CommonErrorCode.Unauthenticated, r.outcome === 'reused' ? 'This refresh token was already used: the session is ended, log in again' : 'The session has ended: log in again');
    }
    const account = await this.accounts.findById(r.accountId);
    if (!account || account.disabled) throw new AppError(CommonErrorCode.Unauthenticated, 'Account no longer active');
    return this.grant(account, r.session);
  }

  /** Ends the caller's session (its access tokens and refresh token stop) with its `auth.logout` entry in the same transaction. */
  async logout(actor: Actor, { sessionId, ip }: Logout.Request): Promise<Logout.Reply> {
    await this.sessions.revoke(actor.id, sessionId ?? null, async (m) => {
      await this.audit.record({ actorId: actor.id, actorName: actor.username, action: 'auth.logout', result: 'ok', ip, details: { session: sessionId ?? null } }, m);
    });
    return { loggedOut: true };
  }

  /** A verified token's account, re-read: a disabled account or an ended session (logout, password reset) is refused. */
  async actor({ accountId, sessionId }: ResolveActor.Request): Promise<Actor> {
    const account = await this.accounts.findById(accountId);
    if (!account || account.disabled) throw new AppError(CommonErrorCode.Unauthenticated, 'Account no longer active');
    if (sessionId && !(await this.sessions.isLive(sessionId, account.id))) throw new AppError(CommonErrorCode.Unauthenticated, 'The session has ended: log in again');
    return toUser(account);
  }

  async apiKey({ keyHash }: ResolveApiKey.Request): Promise<Actor> {
    const k = await this.accounts.findApiKeyByHash(keyHash);
    if (!k) throw new AppError(GatewayErrorCode.BadApiKey, 'Invalid API key');
    return { id: k.id, username: `apikey:${k.name}`, displayName: k.name, role: Role.Platform, scope: k.scope };
  }

  private grant(account: AccountEntity, session: { id: string; refreshToken: string }): SessionGrant {
    return { user: toUser(account), sessionId: session.id, refreshToken: session.refreshToken, refreshExpiresIn: this.env.REFRESH_TTL_SECONDS };
  }
}

function toUser(a: AccountEntity): UserView {
  return { id: a.id, username: a.username, displayName: a.displayName, role: a.role, unit: a.unit, departmentId: a.departmentId, scope: a.scope };
}
